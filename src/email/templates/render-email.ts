import type { RenderedEmail } from '../../domain/mail/rendered';
import { chooseLanguage, stringsFor } from '../../text';
import type { EmailMessage } from '../../domain/mail/message';
import { accessEnded, accessExpiring } from './access-lifecycle';
import { accessPackageLink } from './access-package-link';
import { approvalRequest, requestApproved, requestDenied } from './access-request';
import type { TemplateContext } from './common';
import type { MailContent } from './content';
import { renderHtml, type MailBrand } from './html';
import { invitation, invitationReminder } from './invitation';
import { oneTimePasscode } from './one-time-passcode';
import { renderPlainText } from './plain-text';
import { formatDateTime, safeHttpUrl, singleLine } from '../../text/format';

export interface RenderOptions {
  /** The organization's `preferredLanguage`: the third choice, after the message's and the recipient's. */
  organizationPreferredLanguage?: string | null;
  /** IANA time zone for dates in the mail (default `UTC`); an unknown zone throws a `RangeError`. */
  timeZone?: string;
  /** The organization's logo for the HTML part in the mail's language (company branding); the plain-text part never changes. */
  brandFor?: (locale: string) => MailBrand | undefined;
}

export type { RenderedEmail } from '../../domain/mail/rendered';

// A switch rather than a lookup table: the compiler pairs each kind with its own message type and
// refuses to compile when a kind has no template.
function content(message: EmailMessage, ctx: TemplateContext): MailContent {
  switch (message.kind) {
    case 'invitation':
      return invitation(message, ctx);
    case 'invitationReminder':
      return invitationReminder(message, ctx);
    case 'oneTimePasscode':
      return oneTimePasscode(message, ctx);
    case 'approvalRequest':
      return approvalRequest(message, ctx);
    case 'requestApproved':
      return requestApproved(message, ctx);
    case 'requestDenied':
      return requestDenied(message, ctx);
    case 'accessExpiring':
      return accessExpiring(message, ctx);
    case 'accessEnded':
      return accessEnded(message, ctx);
    case 'accessPackageLink':
      return accessPackageLink(message, ctx);
  }
}

/**
 * RFC 2369 `List-Unsubscribe`, here meaning "block future invitations from this organization",
 * and RFC 8058 one-click, which that RFC allows only for an https URL (local runs use http).
 */
function headersFor(mail: MailContent): Record<string, string> {
  const url = mail.unsubscribeUrl ? safeHttpUrl(mail.unsubscribeUrl) : null;
  if (url === null) return {};
  const headers: Record<string, string> = { 'List-Unsubscribe': `<${url}>` };
  if (url.startsWith('https:')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return headers;
}

/**
 * Renders a parsed mail message: subject, HTML and plain-text parts saying the same thing, and
 * headers. Pure: the language follows {@link chooseLanguage}, dates use `options.timeZone`.
 */
export function renderEmail(message: EmailMessage, options: RenderOptions = {}): RenderedEmail {
  const language = chooseLanguage({
    messageLanguage: message.language,
    recipientPreferredLanguage: message.recipientLanguage,
    organizationPreferredLanguage: options.organizationPreferredLanguage,
  });
  const t = stringsFor(language);
  const timeZone = options.timeZone ?? 'UTC';
  const mail = content(message, { t, date: (iso) => formatDateTime(iso, t.locale, timeZone) });
  return {
    subject: singleLine(mail.subject),
    html: renderHtml(mail, t.locale, options.brandFor?.(t.locale)),
    plainText: renderPlainText(mail),
    headers: headersFor(mail),
    language,
  };
}
