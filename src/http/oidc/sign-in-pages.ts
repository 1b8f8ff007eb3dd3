import { stringsFor, type SupportedLocale } from '../../text';
import { consentStringsFor } from '../../text/consent-strings';
import { escapeHtml, safeHttpUrl, textToHtml } from '../../text/format';
import { signInStringsFor } from '../../text/sign-in-strings';
import { page } from '../pages/layout';

/**
 * The OpenID provider's sign-in pages in the browser's language (English or Dutch): the address,
 * the code, the consent step of a just-in-time redemption, and the plain error pages. All text is
 * escaped here; forms post back under the interaction's own path.
 */
type Page = ReturnType<typeof page>;

export function emailPage(locale: SupportedLocale, input: { clientName: string; action: string; federation: string | undefined; error?: 'invalidEmail' | 'federationFailed' }): Page {
  const t = signInStringsFor(locale);
  const body = `<p>${escapeHtml(t.signInTo(input.clientName))}</p>
${input.error ? `<p role="alert">${escapeHtml(t[input.error])}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}/email"><label for="email">${escapeHtml(t.email)}</label> <input id="email" name="email" type="email" autocomplete="email" required> <div class="actions"><button type="submit" class="primary">${escapeHtml(t.sendCode)}</button></div></form>
${input.federation ? `<p><a href="${escapeHtml(input.action)}/federated">${escapeHtml(t.signInWith(input.federation))}</a></p>` : ''}`;
  return page({ lang: locale, title: t.signInTitle, bodyHtml: body, status: input.error ? 400 : 200 });
}

export function codePage(locale: SupportedLocale, input: { action: string; email: string; minutes: number; error?: boolean }): Page {
  const t = signInStringsFor(locale);
  const body = `<p>${escapeHtml(t.codeSent(input.email, input.minutes))}</p>
${input.error ? `<p role="alert">${escapeHtml(t.wrongCode)}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}/code"><input type="hidden" name="email" value="${escapeHtml(input.email)}"><label for="code">${escapeHtml(t.code)}</label> <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required> <div class="actions"><button type="submit" class="primary">${escapeHtml(t.verify)}</button></div></form>
<form method="post" action="${escapeHtml(input.action)}/email"><input type="hidden" name="email" value="${escapeHtml(input.email)}"><div class="actions"><button type="submit">${escapeHtml(t.newCode)}</button></div></form>`;
  return page({ lang: locale, title: t.codeTitle, bodyHtml: body, status: input.error ? 400 : 200 });
}

/** What the sign-in's consent step shows (a pending invitation of the address just proved). */
export interface SignInConsent {
  clientName: string;
  organization: { displayName: string; defaultDomain: string; privacyStatementUrl: string | null };
  email: string;
  inviter: { displayName: string; email: string };
  customMessage: string | null;
}

/** The consent page of a just-in-time redemption: the same facts as the redeem link's, then Accept / Decline. */
export function consentStepPage(locale: SupportedLocale, action: string, c: SignInConsent): Page {
  const t = stringsFor(locale);
  const s = signInStringsFor(locale);
  const permissions = consentStringsFor(locale);
  const org = c.organization;
  const domain = c.inviter.email.slice(c.inviter.email.lastIndexOf('@') + 1);
  const privacyUrl = org.privacyStatementUrl ? safeHttpUrl(org.privacyStatementUrl) : null;
  const privacy = privacyUrl
    ? `<p><a href="${escapeHtml(privacyUrl)}" rel="noopener noreferrer">${escapeHtml(t.common.privacyStatementLink(org.displayName))}</a></p>`
    : `<p>${escapeHtml(t.common.noPrivacyStatement(org.displayName))}</p>`;
  const message = c.customMessage
    ? `<section class="card" aria-labelledby="message-heading"><h2 id="message-heading">${escapeHtml(t.common.messageFrom(c.inviter.displayName))}</h2><p>${textToHtml(c.customMessage)}</p></section>`
    : '';
  const body = `<h2>${escapeHtml(s.consentHeading(c.clientName))}</h2>
<p class="muted">${escapeHtml(org.displayName)} (${escapeHtml(org.defaultDomain)})</p>
<p class="card"><strong>${escapeHtml(t.pages.invitationFor(c.email))}</strong></p>
<p>${escapeHtml(t.pages.invitedBy({ name: c.inviter.displayName, email: c.inviter.email, domain, organization: org.displayName, organizationDomain: org.defaultDomain }))}</p>
${message}
<p>${escapeHtml(t.pages.consentIntro(org.displayName))}</p>
<section class="card" aria-labelledby="permissions-heading"><h2 id="permissions-heading">${escapeHtml(permissions.reviewPermissions(org.displayName))}</h2>
<ul>${permissions.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></section>
<p>${escapeHtml(t.pages.trustWarning(org.displayName))}</p>
${privacy}
<form method="post" action="${escapeHtml(action)}/consent"><div class="actions">
<button type="submit" name="decision" value="accept" class="primary">${escapeHtml(t.pages.accept)}</button>
<button type="submit" name="decision" value="decline">${escapeHtml(t.pages.decline)}</button>
</div></form>`;
  return page({ lang: locale, title: t.pages.redeemTitle, bodyHtml: body, status: 200 });
}

export function throttledPage(locale: SupportedLocale, retryAfterSeconds: number): Page {
  const t = signInStringsFor(locale);
  return page({ lang: locale, title: t.throttledTitle, bodyHtml: `<p>${escapeHtml(t.throttled)}</p>`, status: 429, headers: { 'retry-after': String(retryAfterSeconds) } });
}

export function notFoundPage(locale: SupportedLocale): Page {
  const t = signInStringsFor(locale);
  return page({ lang: locale, title: t.notFoundTitle, bodyHtml: `<p>${escapeHtml(t.notFound)}</p>`, status: 404 });
}
