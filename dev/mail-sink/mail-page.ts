import type { StoredMessage } from './types';

/**
 * The human view at `GET /dev/mail`: newest first, every field escaped, HTML bodies inside
 * `<iframe sandbox srcdoc>` (no scripts, opaque origin) so a mail cannot touch the page or the sink.
 * No external assets and no script of its own.
 */

/** Escapes text for HTML content and for double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;background:#fafafa}
h1{font-size:1.3rem}
article{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0 0 1rem;padding:.75rem 1rem}
summary{cursor:pointer;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.6rem 0}
dt{color:#666}dd{margin:0;word-break:break-all}
pre{white-space:pre-wrap;background:#f4f4f4;padding:.6rem;border-radius:4px}
iframe{width:100%;height:24rem;border:1px solid #ccc;border-radius:4px;background:#fff}
.muted{color:#777;font-weight:400}
`;

export function renderMailPage(messages: readonly StoredMessage[]): string {
  const items = [...messages].reverse().map(renderMessage).join('\n');
  const count = messages.length === 1 ? '1 message' : `${messages.length} messages`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Gatehouse mail sink</title><style>${STYLE}</style></head>
<body><h1>Gatehouse mail sink <span class="muted">(${count}, newest first)</span></h1>
<p class="muted">JSON: <a href="/dev/mailbox">/dev/mailbox</a> · clear with <code>DELETE /dev/mailbox</code> · <a href="/dev/mail">refresh</a></p>
${items || '<p>No mail yet.</p>'}
</body></html>`;
}

function renderMessage(m: StoredMessage, index: number): string {
  const rows: [string, string][] = [
    ['From', m.from],
    ['To', withNames(m.to, m)],
    ['Cc', withNames(m.cc, m)],
    ['Bcc', withNames(m.bcc, m)],
    ['Reply-To', m.replyTo.join(', ')],
    ['Received', m.receivedDateTime],
    ['Message id', m.id],
    ['Operation id', m.operationId],
    ...Object.entries(m.headers).map(([k, v]): [string, string] => [`Header ${k}`, v]),
    ...m.attachments.map((a): [string, string] => ['Attachment', `${a.name} (${a.contentType}, ${a.sizeBytes} bytes)`]),
  ];
  const details = rows
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  const html = m.html === null ? '' : `<iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="${escapeHtml(m.html)}"></iframe>`;
  const text = m.plainText === null ? '' : `<pre>${escapeHtml(m.plainText)}</pre>`;
  return `<article id="m-${escapeHtml(m.id)}"><details${index === 0 ? ' open' : ''}>
<summary>${escapeHtml(m.subject)} <span class="muted">— to ${escapeHtml(m.to.join(', '))} · ${escapeHtml(m.receivedDateTime)}</span></summary>
<dl>${details}</dl>${html}${text}</details></article>`;
}

function withNames(addresses: string[], m: StoredMessage): string {
  return addresses
    .map((a) => {
      const name = m.displayNames[a.toLowerCase()];
      return name ? `${name} <${a}>` : a;
    })
    .join(', ');
}
