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
input[type=text],input[type=email],input[type=search],textarea,select{width:100%;min-height:44px;padding:.5rem;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:.375rem}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.site-header{background:var(--brand-bg,var(--card));border-bottom:1px solid var(--border)}
.site-header .bar{max-width:60rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}
.site-header .org{display:flex;align-items:center;gap:.5rem;font-weight:600;margin-right:auto;color:var(--brand-fg,var(--fg))}
.site-header .org img{max-height:36px;max-width:160px;object-fit:contain}
.site-header .who{color:var(--brand-fg,var(--muted));overflow-wrap:anywhere}
.site-header form{margin:0}
.site-header button{min-width:0;min-height:44px;padding:.375rem .75rem;color:var(--brand-fg,var(--accent));border-color:currentColor}
nav.main ul,ul.tabs{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
nav.main a,ul.tabs a{display:inline-block;padding:.625rem .25rem;min-height:44px;color:var(--brand-fg,var(--accent))}
ul.tabs a{color:var(--accent)}
nav.main a[aria-current=page],ul.tabs a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.banner{display:block;max-width:100%;max-height:60px;margin:0 0 1rem}
.brand-text{white-space:pre-line}
ul.plain{list-style:none;padding:0}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.search label{margin:0;flex-basis:100%}
.search input{flex:1 1 12rem}
.row-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
footer.site-footer{max-width:40rem;margin:0 auto;padding:0 1rem 1.5rem}
footer.site-footer ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}
@media (max-width:30rem){main{padding:1rem .75rem}button,.button{width:100%}.site-header button{width:auto}}
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
  /** Already-safe HTML placed before `<main>` (the portal's header with the organization and the signed-in identity). */
  headerHtml?: string;
  /** Already-safe HTML placed after `<main>` (privacy and terms links). */
  footerHtml?: string;
  /** Extra CSS custom properties (`--brand-bg` …), values already validated (colours only). */
  cssVariables?: Record<string, string>;
}

/** Only `--name: #rrggbb` pairs reach the style sheet: nothing else can be injected through branding. */
function variablesCss(vars: Record<string, string> | undefined): string {
  const pairs = Object.entries(vars ?? {}).filter(([k, v]) => /^--[a-z-]{1,32}$/.test(k) && /^#[0-9a-fA-F]{6}$/.test(v));
  return pairs.length ? `:root{${pairs.map(([k, v]) => `${k}:${v}`).join(';')}}` : '';
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
<style>${STYLE}${variablesCss(input.cssVariables)}</style>
</head>
<body>
${input.headerHtml ?? ''}<main>
<h1>${escapeHtml(input.title)}</h1>
${input.bodyHtml}
</main>
${input.footerHtml ?? ''}</body>
</html>`;
  return {
    status: input.status,
    headers: { ...PAGE_HEADERS, ...input.headers },
    body: html,
    ...(input.cookies ? { cookies: input.cookies } : {}),
  };
}
