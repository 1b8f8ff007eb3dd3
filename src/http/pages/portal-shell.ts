import { escapeHtml } from '../../text/format';
import { portalHomeStringsFor } from '../../text/portal-home';
import type { SupportedLocale } from '../../text/locales';
import type { PortalStrings } from '../../text/portal-strings';
import { brandFooter, brandVariables, logoHtml, type PageBrand } from './page-brand';

/** What the shell needs of the portal context (kept narrow: the context's module renders pages through this one). */
export interface ShellContext {
  t: PortalStrings;
  locale: SupportedLocale;
  base: string;
  email: string | undefined;
  brand: PageBrand;
  /** The hidden CSRF field for the sign-out form. */
  csrfField: string;
}

/**
 * The My Access header as partners know it: the organization's logo and name, the main navigation
 * (access packages, requests, approvals), the signed-in identity and "Sign out"; and the footer with
 * the organization's privacy and terms links. Plain links, no script.
 */
const a = (text: string) => escapeHtml(text);

export function portalShell(ctx: ShellContext, section: 'packages' | 'requests' | 'approvals' | undefined): { header: string; footer: string; cssVariables: Record<string, string> } {
  const t = ctx.t;
  const h = portalHomeStringsFor(ctx.locale);
  const org = ctx.brand.organizationName;
  const orgLabel = org ? `${org} · ${t.portalName}` : t.portalName;
  const home = `${ctx.base}/access-packages`;
  const link = (href: string, text: string, here: boolean) => `<li><a href="${a(href)}"${here ? ' aria-current="page"' : ''}>${a(text)}</a></li>`;
  const signedIn = ctx.email
    ? `<nav class="main" aria-label="${a(h.mainNavigation)}"><ul>
${link(home, h.accessPackagesNav, section === 'packages')}
${link(`${ctx.base}/requests`, t.myRequests, section === 'requests')}
${link(`${ctx.base}/approvals`, t.myApprovals, section === 'approvals')}
</ul></nav>
<p class="who">${a(t.signedInAs(ctx.email))}</p>
<form method="post" action="${a(ctx.base)}/sign-out">${ctx.csrfField}<button type="submit">${a(t.signOut)}</button></form>`
    : '';
  const header = `<header class="site-header"><div class="bar">
<a class="org" href="${a(home)}">${logoHtml(ctx.brand, h.logoAlt(org || t.portalName))}<span>${a(orgLabel)}</span></a>
${signedIn}
</div></header>
`;
  return {
    header,
    footer: brandFooter(ctx.brand, { privacy: h.privacyLink, terms: h.termsLink, footer: h.footerLabel }),
    cssVariables: brandVariables(ctx.brand),
  };
}
