import type { Action, Block, Inline, MailContent } from './content';
import { escapeHtml, safeHttpUrl, singleLine, textToHtml } from '../../text/format';

/**
 * The HTML part. Mail clients drop `<style>` blocks and external resources, so every style is
 * inline and nothing is loaded. Layout: a fluid table up to 600px wide, 16px text, 44px+ tap
 * targets. Dark mode: every element that paints a background also sets its text colour, so a
 * client that inverts or keeps our colours never ends up with dark text on a dark background.
 */

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TEXT = '#1f2328';
const MUTED = '#57606a';
const PAGE = '#f3f4f6';
const CARD = '#ffffff';
const BORDER = '#d0d7de';
const ACCENT = '#0b5cad';
const QUOTE_BG = '#f6f8fa';
const NOTICE_BG = '#fff8c5';
const NOTICE_BORDER = '#bf8700';

const TEXT_STYLE = `margin:0 0 16px;font-family:${FONT};font-size:16px;line-height:1.5;color:${TEXT};`;
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;';

function inlineHtml(part: Inline): string {
  if (typeof part === 'string') return textToHtml(part);
  const href = safeHttpUrl(part.url);
  // A URL that is not http(s) is never made clickable; it is shown as text for what it is.
  if (href === null) return `${textToHtml(part.text)} (${escapeHtml(singleLine(part.url))})`;
  return `<a href="${escapeHtml(href)}" style="color:${ACCENT};text-decoration:underline;${WRAP}">${textToHtml(part.text)}</a>`;
}

function button(action: Action): string {
  const href = safeHttpUrl(action.url);
  const label = escapeHtml(singleLine(action.label));
  if (href === null) return `<td style="padding:0 12px 12px 0;font-family:${FONT};font-size:16px;color:${TEXT};">${label} (${escapeHtml(singleLine(action.url))})</td>`;
  const primary = action.tone !== 'secondary';
  const background = primary ? ACCENT : CARD;
  const color = primary ? '#ffffff' : ACCENT;
  return (
    `<td style="padding:0 12px 12px 0;">` +
    `<a href="${escapeHtml(href)}" style="display:inline-block;min-width:120px;padding:14px 28px;border:2px solid ${ACCENT};` +
    `border-radius:6px;background-color:${background};color:${color};font-family:${FONT};font-size:18px;` +
    `line-height:1.3;font-weight:600;text-align:center;text-decoration:none;">${label}</a></td>`
  );
}

function blockHtml(block: Block, color: string): string {
  const p = TEXT_STYLE.replace(`color:${TEXT}`, `color:${color}`);
  switch (block.type) {
    case 'heading':
      return `<h1 style="margin:0 0 16px;font-family:${FONT};font-size:24px;line-height:1.3;font-weight:600;color:${TEXT};${WRAP}">${textToHtml(singleLine(block.text))}</h1>`;
    case 'paragraph':
      return `<p style="${block.muted ? p.replace(`color:${color}`, `color:${MUTED}`) : p}${WRAP}">${block.parts.map(inlineHtml).join('')}</p>`;
    case 'quote':
      return (
        `<p style="${TEXT_STYLE}margin-bottom:4px;font-weight:600;">${textToHtml(singleLine(block.label))}</p>` +
        `<div style="${TEXT_STYLE}padding:12px 16px;border-left:4px solid ${BORDER};background-color:${QUOTE_BG};${WRAP}">` +
        `${textToHtml(block.text)}</div>`
      );
    case 'actions':
      return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 12px;"><tr>${block.actions.map(button).join('')}</tr></table>`;
    case 'facts':
      return block.facts
        .map(
          (fact) =>
            `<p style="${TEXT_STYLE}${WRAP}"><span style="font-weight:600;">${textToHtml(singleLine(fact.label))}</span><br>\n${textToHtml(fact.value)}</p>`,
        )
        .join('\n');
    case 'code':
      return (
        `<p style="${TEXT_STYLE}margin-bottom:4px;">${textToHtml(singleLine(block.label))}</p>` +
        `<p style="${TEXT_STYLE}display:inline-block;padding:12px 20px;border-radius:6px;background-color:${QUOTE_BG};` +
        `font-family:Consolas,'Courier New',monospace;font-size:30px;font-weight:700;letter-spacing:4px;">${escapeHtml(block.code)}</p>`
      );
    case 'notice':
      return `<p style="${TEXT_STYLE}margin-bottom:24px;padding:12px 16px;border:1px solid ${NOTICE_BORDER};border-radius:6px;background-color:${NOTICE_BG};${WRAP}">${textToHtml(block.text)}</p>`;
  }
}

/** The organization's logo at the top of HTML mails (company branding); absent: no logo row. */
export interface MailBrand {
  /** Absolute http(s) URL of the logo image. */
  logoUrl: string;
  /** Alternative text: the organization's name. */
  logoAlt: string;
}

function logoRow(brand: MailBrand | undefined): string {
  const src = brand ? safeHttpUrl(brand.logoUrl) : null;
  if (!brand || src === null) return '';
  return `<tr><td style="padding:24px 24px 0;"><img src="${escapeHtml(src)}" alt="${escapeHtml(singleLine(brand.logoAlt))}" height="36" style="display:block;height:36px;max-width:245px;border:0;outline:none;text-decoration:none;"></td></tr>\n`;
}

/** The complete HTML document for a mail. */
export function renderHtml(content: MailContent, locale: string, brand?: MailBrand): string {
  const body = content.body.map((block) => blockHtml(block, TEXT)).join('\n');
  const footer = content.footer.map((block) => blockHtml(block, MUTED)).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(singleLine(content.subject))}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE};color:${TEXT};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;background-color:${PAGE};color:${TEXT};">
<tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;border:1px solid ${BORDER};border-radius:8px;background-color:${CARD};color:${TEXT};">
${logoRow(brand)}<tr><td style="padding:24px;font-family:${FONT};font-size:16px;line-height:1.5;color:${TEXT};">
${body}
</td></tr>
<tr><td style="padding:20px 24px 8px;border-top:1px solid ${BORDER};font-family:${FONT};font-size:16px;line-height:1.5;color:${MUTED};">
${footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
