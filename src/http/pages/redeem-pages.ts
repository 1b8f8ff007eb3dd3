import type { HttpResponseInit } from '@azure/functions';
import { stringsFor, type SupportedLocale } from '../../text';
import { escapeHtml, safeHttpUrl, textToHtml } from '../../text/format';
import { consentStringsFor } from '../../text/consent-strings';
import { portalHomeStringsFor } from '../../text/portal-home';
import { page } from './layout';
import { brandedShell, signInTextHtml, type PageBrand } from './page-brand';

/** The organization's branding on a redeem page (header, footer, colours), or the plain look. */
function shell(locale: SupportedLocale, brand: PageBrand | undefined) {
  const h = portalHomeStringsFor(locale);
  return brandedShell(brand, { logoAlt: h.logoAlt(brand?.organizationName ?? ''), privacy: h.privacyLink, terms: h.termsLink, footer: h.footerLabel });
}

/** What the consent page shows; all of it plain text, escaped here. */
export interface ConsentPageInput {
  locale: SupportedLocale;
  organization: { displayName: string; domain: string; privacyStatementUrl: string | null };
  /** The invited address (the visitor proved it). */
  email: string;
  inviter: { displayName: string; email: string };
  customMessage: string | null;
  /** Where accepting leads: named on the page so nothing sends the guest somewhere unnamed. */
  redirectUrl: string;
  /** Where the form posts (same origin). */
  formAction: string;
  ticket: string;
  csrfToken: string;
  brand?: PageBrand;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/** Who the invitation is for and that the link is personal: on every page before and at consent. */
function personalNotice(t: ReturnType<typeof stringsFor>, email: string): string {
  return `<p class="card"><strong>${escapeHtml(t.pages.invitationFor(email))}</strong><br>${escapeHtml(t.pages.personalLink)}</p>`;
}

/** The consent page: for whom, who invites, to what, where Accept leads, the privacy statement, Accept / Decline. Never changes state. */
export function consentPage(input: ConsentPageInput, cookies: HttpResponseInit['cookies']): HttpResponseInit {
  const t = stringsFor(input.locale);
  const org = input.organization;
  const privacyUrl = org.privacyStatementUrl ? safeHttpUrl(org.privacyStatementUrl) : null;
  const privacy = privacyUrl
    ? `<p><a href="${escapeHtml(privacyUrl)}" rel="noopener noreferrer">${escapeHtml(t.common.privacyStatementLink(org.displayName))}</a></p>`
    : `<p>${escapeHtml(t.common.noPrivacyStatement(org.displayName))}</p>`;
  const message = input.customMessage
    ? `<section class="card" aria-labelledby="message-heading"><h2 id="message-heading">${escapeHtml(t.common.messageFrom(input.inviter.displayName))}</h2><p>${textToHtml(input.customMessage)}</p></section>`
    : '';
  const body = `
<p class="muted">${escapeHtml(org.displayName)} (${escapeHtml(org.domain)})</p>
${personalNotice(t, input.email)}
<p>${escapeHtml(t.pages.invitedBy({ name: input.inviter.displayName, email: input.inviter.email, domain: domainOf(input.inviter.email), organization: org.displayName, organizationDomain: org.domain }))}</p>
${message}
<p>${escapeHtml(t.pages.consentIntro(org.displayName))}</p>
${reviewPermissions(input.locale, org.displayName)}
<p>${escapeHtml(t.pages.trustWarning(org.displayName))}</p>
${privacy}
<p>${escapeHtml(t.pages.destinationIntro)} <span class="destination">${escapeHtml(input.redirectUrl)}</span></p>
<form method="post" action="${escapeHtml(input.formAction)}">
${hidden('ticket', input.ticket)}
${hidden('csrf', input.csrfToken)}
<div class="actions">
<button type="submit" name="decision" value="accept" class="primary">${escapeHtml(t.pages.accept)}</button>
<button type="submit" name="decision" value="decline">${escapeHtml(t.pages.decline)}</button>
</div>
</form>`;
  return page({ lang: t.locale, title: t.pages.redeemTitle, bodyHtml: body, status: 200, cookies, ...shell(input.locale, input.brand) });
}

/** What the organization will see once the guest accepts ("Review permissions"). */
function reviewPermissions(locale: SupportedLocale, organization: string): string {
  const c = consentStringsFor(locale);
  return `<section class="card" aria-labelledby="permissions-heading"><h2 id="permissions-heading">${escapeHtml(c.reviewPermissions(organization))}</h2>
<ul>${c.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></section>`;
}

/** The forms of the address check: where they post and what they carry. */
export interface ProofForm {
  locale: SupportedLocale;
  organization: string;
  /** The invited address: the only one a code is ever mailed to. */
  email: string;
  /** `/api/redeem` (the code steps post to `/code` and `/verify` under it). */
  formAction: string;
  ticket: string;
  csrfToken: string;
  brand?: PageBrand;
}

/**
 * Before consent: the link is personal, the code goes to the invited address (named), and
 * "Send code". A visitor signed in with another address is told so.
 */
export function proveAddressPage(input: ProofForm & { signedInAs: string | null; federation?: { label: string; url: string } | undefined }, cookies: HttpResponseInit['cookies']): HttpResponseInit {
  const t = stringsFor(input.locale);
  const other = input.signedInAs ? `<p role="status">${escapeHtml(t.pages.signedInAsOther(input.signedInAs))}</p>` : '';
  const body = `
${personalNotice(t, input.email)}
${other}
<p>${escapeHtml(t.pages.proveIntro({ email: input.email, organization: input.organization }))}</p>
<form method="post" action="${escapeHtml(input.formAction)}/code">
${hidden('ticket', input.ticket)}
${hidden('csrf', input.csrfToken)}
<div class="actions"><button type="submit" class="primary">${escapeHtml(t.pages.myAccess.sendCode)}</button></div>
</form>${input.federation ? `\n<p><a href="${escapeHtml(input.federation.url)}">${escapeHtml(input.federation.label)}</a></p>` : ''}
${signInTextHtml(input.brand)}`;
  return page({ lang: t.locale, title: t.pages.proveTitle, bodyHtml: body, status: 200, cookies, ...shell(input.locale, input.brand) });
}

/** After "Send code": the "Code" field and "Verify", and a button for a new code. */
export function redeemCodePage(input: ProofForm & { minutes: number; error: boolean; delayMinutes?: number | null }, cookies: HttpResponseInit['cookies']): HttpResponseInit {
  const t = stringsFor(input.locale);
  const p = t.pages.myAccess;
  const message = input.error
    ? `<p role="alert" id="code-error">${escapeHtml(p.codeInvalid)}</p>`
    : `<p role="status">${escapeHtml(p.codeSent({ email: input.email, minutes: input.minutes }))}</p>${input.delayMinutes ? `\n<p>${escapeHtml(p.codeDelayed({ minutes: input.delayMinutes }))}</p>` : ''}`;
  const fields = `${hidden('ticket', input.ticket)}
${hidden('csrf', input.csrfToken)}`;
  const body = `
${personalNotice(t, input.email)}
${message}
<form method="post" action="${escapeHtml(input.formAction)}/verify">
${fields}
<label for="code">${escapeHtml(p.codeLabel)}</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="16"${input.error ? ' aria-invalid="true" aria-describedby="code-error"' : ''}>
<div class="actions"><button type="submit" class="primary">${escapeHtml(p.verify)}</button></div>
</form>
<form method="post" action="${escapeHtml(input.formAction)}/code">
${fields}
<div class="actions"><button type="submit">${escapeHtml(p.newCode)}</button></div>
</form>`;
  return page({ lang: t.locale, title: p.codeHeading, bodyHtml: body, status: input.error ? 400 : 200, cookies, ...shell(input.locale, input.brand) });
}

/** A destination the guest never accepted (a re-invitation chose it): named, and followed only by choice. */
export function continuePage(locale: SupportedLocale, url: string): HttpResponseInit {
  const t = stringsFor(locale);
  const safe = safeHttpUrl(url);
  const link = safe ? `<p><a class="button" href="${escapeHtml(safe)}" rel="noopener noreferrer">${escapeHtml(t.pages.continueLink)}</a></p>` : '';
  const body = `<p>${escapeHtml(t.pages.continueBody)}</p>
<p class="card destination">${escapeHtml(url)}</p>
${link}`;
  return page({ lang: t.locale, title: t.pages.continueTitle, bodyHtml: body, status: 200 });
}

/** Too many codes or guesses from this client or for this address. */
export function throttledPage(locale: SupportedLocale, retryAfterSeconds: number): HttpResponseInit {
  const p = stringsFor(locale).pages.myAccess;
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return page({
    lang: stringsFor(locale).locale,
    title: p.throttledTitle,
    bodyHtml: `<p role="alert">${escapeHtml(p.throttledBody(minutes))}</p>`,
    status: 429,
    headers: { 'retry-after': String(Math.max(1, retryAfterSeconds)) },
  });
}

/** One neutral page for every bad, revoked or malformed link: it reveals nothing about why. */
export function invalidLinkPage(locale: SupportedLocale): HttpResponseInit {
  const t = stringsFor(locale);
  return page({ lang: t.locale, title: t.pages.invalidTitle, bodyHtml: `<p>${escapeHtml(t.pages.invalidBody)}</p>`, status: 404 });
}

export function expiredPage(locale: SupportedLocale, inviter: string): HttpResponseInit {
  const t = stringsFor(locale);
  return page({ lang: t.locale, title: t.pages.expiredTitle, bodyHtml: `<p>${escapeHtml(t.pages.expiredBody(inviter))}</p>`, status: 410 });
}

export function declinedPage(locale: SupportedLocale, organization: string): HttpResponseInit {
  const t = stringsFor(locale);
  return page({ lang: t.locale, title: t.pages.declinedTitle, bodyHtml: `<p>${escapeHtml(t.pages.declinedBody(organization))}</p>`, status: 200 });
}

/** The invitation exists but can no longer be accepted (e.g. its domain was blocked since). */
export function unavailablePage(locale: SupportedLocale, organization: string): HttpResponseInit {
  const t = stringsFor(locale);
  return page({ lang: t.locale, title: t.pages.unavailableTitle, bodyHtml: `<p>${escapeHtml(t.pages.unavailableBody(organization))}</p>`, status: 403 });
}
