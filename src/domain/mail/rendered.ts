import type { SupportedLocale } from '../../text';
import type { EmailMessage } from './message';

/** A mail ready to hand to the sender. */
export interface RenderedEmail {
  /** One line: names never carry line breaks into it. */
  subject: string;
  html: string;
  plainText: string;
  /** Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` for invitation mails. */
  headers: Record<string, string>;
  /** The language the mail was written in. */
  language: SupportedLocale;
}

/** Renders a recorded message in its language (the organization's `preferredLanguage` is the third choice). */
export type MailRenderer = (message: EmailMessage, organizationLanguage: string) => RenderedEmail;
