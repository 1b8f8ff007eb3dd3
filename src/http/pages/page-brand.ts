import { escapeHtml, safeHttpUrl } from '../../text/format';

/**
 * How a page shows the organization (issue 18, company branding as Entra has it): its name, its
 * logos (served by Gatehouse itself, so CSP keeps `img-src 'self'`), a background colour for the
 * header, sign-in page text, and privacy and terms links. Every field is optional but the name:
 * without branding the pages keep their own neutral look.
 */
export interface PageBrand {
  organizationName: string;
  /** Same-origin path of the square logo, or null. */
  squareLogoUrl: string | null;
  /** Same-origin path of the banner logo, or null. */
  bannerLogoUrl: string | null;
  /** `#rrggbb`, or null. */
  backgroundColor: string | null;
  signInPageText: string | null;
  privacyUrl: string | null;
  privacyText: string | null;
  termsUrl: string | null;
  termsText: string | null;
}

export const plainBrand = (organizationName: string): PageBrand => ({
  organizationName,
  squareLogoUrl: null,
  bannerLogoUrl: null,
  backgroundColor: null,
  signInPageText: null,
  privacyUrl: null,
  privacyText: null,
  termsUrl: null,
  termsText: null,
});

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return (1.05) / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** The CSS variables a brand sets on a page: the header's background and the text colour that reads on it. */
export function brandVariables(brand: PageBrand | undefined): Record<string, string> {
  const bg = brand?.backgroundColor;
  return bg && /^#[0-9a-fA-F]{6}$/.test(bg) ? { '--brand-bg': bg, '--brand-fg': readableOn(bg) } : {};
}

/** The header's logo (the square logo, else the banner logo, else nothing) with its alternative text, safe HTML. Same-origin paths only. */
export function logoHtml(brand: PageBrand, alt: string): string {
  const sameOrigin = (url: string | null) => (url && url.startsWith('/') && !url.startsWith('//') ? url : null);
  const square = sameOrigin(brand.squareLogoUrl);
  if (square) return `<img src="${escapeHtml(square)}" alt="${escapeHtml(alt)}" width="36" height="36">`;
  const banner = sameOrigin(brand.bannerLogoUrl);
  return banner ? `<img src="${escapeHtml(banner)}" alt="${escapeHtml(alt)}" height="36">` : '';
}

/** The organization's sign-in page text under a sign-in form (plain text, line breaks kept), or nothing. */
export function signInTextHtml(brand: PageBrand | undefined): string {
  return brand?.signInPageText ? `<p class="muted brand-text">${escapeHtml(brand.signInPageText)}</p>` : '';
}

/** The footer with the organization's privacy and terms links (http(s) only), or nothing. */
export function brandFooter(brand: PageBrand | undefined, labels: { privacy: string; terms: string; footer: string }): string {
  if (!brand) return '';
  const links: string[] = [];
  const privacy = brand.privacyUrl && safeHttpUrl(brand.privacyUrl);
  const terms = brand.termsUrl && safeHttpUrl(brand.termsUrl);
  if (privacy) links.push(`<li><a href="${escapeHtml(privacy)}" rel="noopener noreferrer">${escapeHtml(brand.privacyText || labels.privacy)}</a></li>`);
  if (terms) links.push(`<li><a href="${escapeHtml(terms)}" rel="noopener noreferrer">${escapeHtml(brand.termsText || labels.terms)}</a></li>`);
  return links.length ? `<footer class="site-footer" aria-label="${escapeHtml(labels.footer)}"><ul>${links.join('')}</ul></footer>\n` : '';
}

/** The page parts a brand adds to a page outside the portal (redeem pages): a header with logo and name, the footer, the colours. */
export function brandedShell(brand: PageBrand | undefined, labels: { logoAlt: string; privacy: string; terms: string; footer: string }): { headerHtml?: string; footerHtml?: string; cssVariables?: Record<string, string> } {
  if (!brand) return {};
  const header = `<header class="site-header"><div class="bar"><span class="org">${logoHtml(brand, labels.logoAlt)}<span>${escapeHtml(brand.organizationName)}</span></span></div></header>\n`;
  return { headerHtml: header, footerHtml: brandFooter(brand, labels), cssVariables: brandVariables(brand) };
}
