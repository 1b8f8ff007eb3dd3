import type { HttpResponseInit } from '@azure/functions';
import { stringsFor, type SupportedLocale } from '../../text';
import { escapeHtml, safeHttpUrl, textToHtml } from '../../text/format';
import { page } from './layout';

/** What the consent page shows; all of it plain text, escaped here. */
export interface ConsentPageInput {
  locale: SupportedLocale;
  organization: { displayName: string; domain: string; privacyStatementUrl: string | null };
  inviter: { displayName: string; email: string };
  customMessage: string | null;
  /** Where the form posts (same origin). */
  formAction: string;
  ticket: string;
  csrfToken: string;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/** The consent page: who invites, to what, the privacy statement, and Accept / Decline. Never changes state. */
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
<p>${escapeHtml(t.pages.invitedBy({ name: input.inviter.displayName, email: input.inviter.email, domain: domainOf(input.inviter.email), organization: org.displayName, organizationDomain: org.domain }))}</p>
${message}
<p>${escapeHtml(t.pages.consentIntro(org.displayName))}</p>
<p>${escapeHtml(t.pages.trustWarning(org.displayName))}</p>
${privacy}
<form method="post" action="${escapeHtml(input.formAction)}">
<input type="hidden" name="ticket" value="${escapeHtml(input.ticket)}">
<input type="hidden" name="csrf" value="${escapeHtml(input.csrfToken)}">
<div class="actions">
<button type="submit" name="decision" value="accept" class="primary">${escapeHtml(t.pages.accept)}</button>
<button type="submit" name="decision" value="decline">${escapeHtml(t.pages.decline)}</button>
</div>
</form>`;
  return page({ lang: t.locale, title: t.pages.redeemTitle, bodyHtml: body, status: 200, cookies });
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
