/**
 * The only ways user-supplied text and URLs reach a mail. Everything is treated as plain text:
 * cleaned of characters that could disguise it, escaped for HTML at the last moment, and links are
 * limited to http(s).
 */

/** C0 controls except tab and line feed, DEL, and the bidi overrides/isolates used to disguise names and links. */
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/** Text with its line breaks kept (as `\n`) and the characters that could hide or disguise it removed. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(HIDDEN_CHARACTERS, '');
}

/** Multi-line user text (a custom message, a justification) without blank lines around it. */
export function trimLines(value: string): string {
  return cleanText(value).replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

/** A name or other one-line value: every run of whitespace, line breaks included, becomes one space. */
export function singleLine(value: string): string {
  return cleanText(value).replace(/\s+/g, ' ').trim();
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a double- or single-quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Escaped text whose line breaks become `<br>`. */
export function textToHtml(value: string): string {
  return escapeHtml(cleanText(value)).replace(/\n/g, '<br>\n');
}

/**
 * The URL in canonical form if it is an absolute http(s) URL, else null. Canonical form
 * percent-encodes spaces, quotes and angle brackets, and the URL parser removes line breaks, so the
 * result is also safe in a mail header.
 */
export function safeHttpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The domain part of an address, the part a recipient can verify. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(at + 1) : address).toLowerCase();
}

/** A Graph DateTime as a long date and time in the mail's language and the given time zone. */
export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}
