/** Company branding (issue 18): its store, and the brand pages and mails apply. */
import { createHash, randomUUID } from 'node:crypto';
import { effectiveBranding, type EffectiveBranding } from '../domain/branding/branding';
import { brandingFor, type BrandingDeps } from '../domain/branding/manage-branding';
import type { PageBrand } from '../http/pages/page-brand';
import { createTableBrandingRepository } from '../storage/branding-repository';
import { settings, storage } from './core';
import { currentOrganization, directoryAudit } from './directory';

let deps: BrandingDeps | undefined;
export function brandingDeps(): BrandingDeps {
  return (deps ??= {
    branding: createTableBrandingRepository(storage().table('TenantSettings')),
    audit: directoryAudit(),
    newId: () => randomUUID(),
    now: () => new Date(),
    fingerprint: (bytes) => createHash('sha256').update(bytes).digest('base64url').slice(0, 16),
  });
}

/** Where an image of a branding is served to anyone (pages, mail clients): a path under the app, versioned. */
export const brandingAssetPath = (brandingId: string, kind: string, version: string): string =>
  `/api/branding-assets/${encodeURIComponent(brandingId)}/${kind}?v=${encodeURIComponent(version)}`;

/** The same as an absolute URL, for mails (read outside the app). */
export const brandingAssetUrl = (brandingId: string, kind: string, version: string): string => `${settings().PUBLIC_BASE_URL}${brandingAssetPath(brandingId, kind, version)}`;

/** The organization's name with the branding of `locale` (over the default), as pages and mails need it. */
export async function organizationBrand(locale: string): Promise<{ organizationName: string; privacyStatementUrl: string | null; branding: EffectiveBranding | undefined }> {
  const [organization, branding] = await Promise.all([currentOrganization(), brandingFor(brandingDeps(), locale)]);
  return { organizationName: organization.displayName, privacyStatementUrl: organization.privacyProfile.statementUrl, branding };
}

/** The brand of a page in `locale`: the organization's name, its branding's logos (same-origin paths), colour, text and links. */
export async function pageBrand(locale: string): Promise<PageBrand> {
  const { organizationName, privacyStatementUrl, branding } = await organizationBrand(locale);
  const image = (kind: 'bannerLogo' | 'squareLogo') => {
    const info = branding?.images[kind];
    return info ? brandingAssetPath(info.brandingId, kind, info.version) : null;
  };
  return {
    organizationName,
    squareLogoUrl: image('squareLogo'),
    bannerLogoUrl: image('bannerLogo'),
    backgroundColor: branding?.backgroundColor ?? null,
    signInPageText: branding?.signInPageText ?? null,
    privacyUrl: branding?.customPrivacyAndCookiesUrl ?? privacyStatementUrl,
    privacyText: branding?.customPrivacyAndCookiesText ?? null,
    termsUrl: branding?.customTermsOfUseUrl ?? null,
    termsText: branding?.customTermsOfUseText ?? null,
  };
}

/**
 * The logo each mail language shows, read from every branding at once (one small query). Mails
 * use the square logo, else the banner logo, of the mail's locale, else of the default branding.
 */
export async function mailLogos(): Promise<(locale: string) => { logoUrl: string; logoAlt: string } | undefined> {
  const [organization, all] = await Promise.all([currentOrganization(), brandingDeps().branding.list()]);
  const byId = new Map(all.map((b) => [b.id, b]));
  return (locale) => {
    const branding = effectiveBranding(byId.get('0'), byId.get(locale));
    const kind = branding?.images.squareLogo ? 'squareLogo' : branding?.images.bannerLogo ? 'bannerLogo' : undefined;
    const info = kind && branding?.images[kind];
    return kind && info ? { logoUrl: brandingAssetUrl(info.brandingId, kind, info.version), logoAlt: organization.displayName } : undefined;
  };
}
