import type { HttpResponseInit } from '@azure/functions';
import { escapeHtml } from '../../text/format';

/**
 * The shell of every page a guest or partner opens: server-rendered, no external assets, no
 * script, readable on a phone, light and dark schemes with WCAG AA contrast, visible focus.
 */
const STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1b1b;--muted:#4a4a4a;--card:#f4f6f8;--accent:#0b57d0;--on-accent:#ffffff;--border:#8a8f98}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#f1f1f1;--muted:#c8c8c8;--card:#1e2227;--accent:#8ab4f8;--on-accent:#0b1a33;--border:#9aa0a6}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.125rem;margin:1.25rem 0 .5rem}
p{margin:.75rem 0}
.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--border);border-radius:.5rem;padding:1rem;margin:1rem 0;overflow-wrap:anywhere}
.card>h2:first-child{margin-top:0}
a{color:var(--accent)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button,.button{min-height:44px;min-width:8rem;padding:.625rem 1.25rem;font:inherit;font-weight:600;border-radius:.375rem;border:2px solid var(--accent);background:transparent;color:var(--accent);cursor:pointer}
button.primary{background:var(--accent);color:var(--on-accent)}
a.button{display:inline-block;text-decoration:none;text-align:center}
.destination{overflow-wrap:anywhere;font-weight:600}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text],input[type=email],textarea,select{width:100%;min-height:44px;padding:.5rem;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:.375rem}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`;

/** Security headers for pages: nothing may be loaded from elsewhere, framed or sniffed. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface PageInput {
  /** BCP 47 tag for `<html lang>`. */
  lang: string;
  /** Plain text; escaped here. */
  title: string;
  /** Already-safe HTML for `<main>`, built with `escapeHtml` for every piece of data. */
  bodyHtml: string;
  status: number;
  headers?: Record<string, string>;
  cookies?: HttpResponseInit['cookies'];
}

export function page(input: PageInput): HttpResponseInit {
  const html = `<!doctype html>
<html lang="${escapeHtml(input.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(input.title)}</h1>
${input.bodyHtml}
</main>
</body>
</html>`;
  return {
    status: input.status,
    headers: { ...PAGE_HEADERS, ...input.headers },
    body: html,
    ...(input.cookies ? { cookies: input.cookies } : {}),
  };
}
