import type { Sender, Strings } from '../../text';
import type { EmailKind, EmailMessageOf, EmailOrganization } from '../../domain/mail/message';
import { link, paragraph, type Block, type MailContent } from './content';
import { domainOf, singleLine } from '../../text/format';

/** What a template needs besides its message: the language's phrases and a date formatter. */
export interface TemplateContext {
  t: Strings;
  /** Formats a Graph DateTime in the mail's language and time zone. */
  date(iso: string): string;
}

/** Builds the content of one kind of mail. */
export type Template<K extends EmailKind> = (message: EmailMessageOf<K>, ctx: TemplateContext) => MailContent;

/** The organization's name and domain as they appear in sentences. */
export function orgOf(organization: EmailOrganization): { organization: string; organizationDomain: string } {
  return { organization: singleLine(organization.displayName), organizationDomain: singleLine(organization.domain) };
}

/** A person as the phishing warning names them: name, address, and the address's domain. */
export function senderOf(person: { displayName: string; email: string }): Sender {
  return { name: singleLine(person.displayName), email: singleLine(person.email), domain: domainOf(singleLine(person.email)) };
}

export interface FooterOptions {
  /** Adds the "block future invitations" line (and the `List-Unsubscribe` header). */
  blockFutureInvitationsUrl?: string | null;
  /** For mails no person sent: what to do if the mail was unexpected. */
  warnIfUnexpected?: boolean;
}

/** Who the mail is from, the privacy statement line Entra shows, and the block link where it applies. */
export function footer(org: EmailOrganization, t: Strings, options: FooterOptions = {}): Block[] {
  const { organization, organizationDomain: domain } = orgOf(org);
  const blocks: Block[] = [paragraph(t.common.sentOnBehalfOf({ organization, domain }))];
  if (options.warnIfUnexpected) blocks.push(paragraph(t.common.unexpectedMail({ organization, domain })));
  blocks.push(
    org.privacyStatementUrl !== null
      ? paragraph(link(t.common.privacyStatementLink(organization), org.privacyStatementUrl))
      : paragraph(t.common.noPrivacyStatement(organization)),
  );
  if (org.privacyContactEmail !== null) blocks.push(paragraph(t.common.privacyContact(singleLine(org.privacyContactEmail))));
  if (options.blockFutureInvitationsUrl) {
    blocks.push(
      paragraph(`${t.common.blockFutureQuestion(organization)} `, link(t.common.blockFutureLink, options.blockFutureInvitationsUrl)),
    );
  }
  return blocks;
}
