import { trimLines } from '../../text/format';

/**
 * A mail's content, independent of its format: each template builds one `MailContent` and both the
 * HTML and the plain-text part are rendered from it, so the two always say the same thing and link
 * to the same places. All strings here are plain text; only the renderers escape.
 */

/** A run of text or a link inside a paragraph. */
export type Inline = string | { text: string; url: string };

export interface Action {
  label: string;
  url: string;
  tone?: 'primary' | 'secondary';
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; parts: Inline[]; muted?: boolean }
  /** User-supplied multi-line text (custom message, justification) under a label, line breaks kept. */
  | { type: 'quote'; label: string; text: string }
  | { type: 'actions'; actions: Action[] }
  | { type: 'facts'; facts: { label: string; value: string }[] }
  | { type: 'code'; label: string; code: string }
  /** The security warning, set apart so it is read first. */
  | { type: 'notice'; text: string };

export interface MailContent {
  subject: string;
  body: Block[];
  /** Who sent it, the privacy statement line and, where it applies, how to block future mail. */
  footer: Block[];
  /** The one-click "block future invitations" URL, announced in `List-Unsubscribe`. */
  unsubscribeUrl?: string | null;
}

export const heading = (text: string): Block => ({ type: 'heading', text });
export const paragraph = (...parts: Inline[]): Block => ({ type: 'paragraph', parts });
export const muted = (...parts: Inline[]): Block => ({ type: 'paragraph', parts, muted: true });
export const link = (text: string, url: string): Inline => ({ text, url });
export const notice = (text: string): Block => ({ type: 'notice', text });
export const actions = (...items: Action[]): Block => ({ type: 'actions', actions: items });

/** A labelled quote, or nothing when the text is absent or blank. */
export function quote(label: string, text: string | null | undefined): Block[] {
  const trimmed = text == null ? '' : trimLines(text);
  return trimmed !== '' ? [{ type: 'quote', label, text: trimmed }] : [];
}

/** Label/value pairs, leaving out the absent ones. */
export function facts(...rows: ({ label: string; value: string } | null)[]): Block[] {
  const present = rows.filter((row): row is { label: string; value: string } => row !== null);
  return present.length > 0 ? [{ type: 'facts', facts: present }] : [];
}
