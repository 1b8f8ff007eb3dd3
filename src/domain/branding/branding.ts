import { Failure, notFound } from '../errors';

/**
 * Company branding as Entra keeps it (Graph `organizationalBranding` and its
 * `organizationalBrandingLocalization`s): one default branding (id `0`) and one per locale, each
 * with text properties and two images (`bannerLogo`, `squareLogo`). A localization's unset
 * properties fall back to the default's when pages and mails are branded.
 */
export const DEFAULT_BRANDING_ID = '0';

/** The text properties Gatehouse stores and applies (the others Graph documents are refused by name). */
export interface BrandingProperties {
  backgroundColor: string | null;
  signInPageText: string | null;
  usernameHintText: string | null;
  customPrivacyAndCookiesText: string | null;
  customPrivacyAndCookiesUrl: string | null;
  customTermsOfUseText: string | null;
  customTermsOfUseUrl: string | null;
}

export const BRANDING_PROPERTY_NAMES = [
  'backgroundColor',
  'signInPageText',
  'usernameHintText',
  'customPrivacyAndCookiesText',
  'customPrivacyAndCookiesUrl',
  'customTermsOfUseText',
  'customTermsOfUseUrl',
] as const satisfies readonly (keyof BrandingProperties)[];

export const BRANDING_IMAGES = ['bannerLogo', 'squareLogo'] as const;
export type BrandingImageKind = (typeof BRANDING_IMAGES)[number];

export interface BrandingImageInfo {
  contentType: 'image/png' | 'image/jpeg';
  /** Short hash of the bytes: the image's URL changes with it, so caches never show an old logo. */
  version: string;
}

export interface Branding extends BrandingProperties {
  /** `0` for the default, else a locale such as `nl-NL`. */
  id: string;
  images: Partial<Record<BrandingImageKind, BrandingImageInfo>>;
  modifiedAt: string;
}

export const emptyBranding = (id: string, at: string): Branding => ({
  id,
  backgroundColor: null,
  signInPageText: null,
  usernameHintText: null,
  customPrivacyAndCookiesText: null,
  customPrivacyAndCookiesUrl: null,
  customTermsOfUseText: null,
  customTermsOfUseUrl: null,
  images: {},
  modifiedAt: at,
});

/** `0`, `default` (the default branding) or a culture name such as `nl-NL`; anything else is not a branding id. */
export function brandingIdOf(value: string): string | undefined {
  if (value === '0' || value.toLowerCase() === 'default') return DEFAULT_BRANDING_ID;
  const m = /^([a-zA-Z]{2,3})-([a-zA-Z]{2})$/.exec(value);
  return m ? `${m[1]!.toLowerCase()}-${m[2]!.toUpperCase()}` : undefined;
}

export function requireBrandingId(value: string): string {
  const id = brandingIdOf(value);
  if (!id) throw notFound('organizationalBrandingLocalization', value);
  return id;
}

/** The most bytes an image may have: Entra's square logo limit is 10 KB; a little room for banners. */
export const MAX_IMAGE_BYTES = 50 * 1024;

/**
 * The image's type from its first bytes (PNG or JPEG only, as Entra allows); the declared
 * `Content-Type` must agree. Anything else (SVG, which can carry script; HTML; GIF) is refused.
 */
export function checkImage(bytes: Uint8Array, declaredType: string | null): 'image/png' | 'image/jpeg' {
  if (bytes.length === 0) throw new Failure('invalidRequest', 'The request body is empty; send the image bytes.');
  if (bytes.length > MAX_IMAGE_BYTES) throw new Failure('payloadTooLarge', `The image is larger than ${MAX_IMAGE_BYTES / 1024} KB.`);
  const png = bytes.length > 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b);
  const jpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const sniffed = png ? 'image/png' : jpeg ? 'image/jpeg' : undefined;
  const declared = (declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!sniffed) throw new Failure('unsupportedMediaType', 'Only PNG and JPEG images are accepted.');
  const agrees = declared === sniffed || declared === 'image/*' || (sniffed === 'image/jpeg' && declared === 'image/jpg') || declared === 'application/octet-stream';
  if (!agrees) throw new Failure('unsupportedMediaType', `The Content-Type '${declared || '(none)'}' does not match the image, which is ${sniffed}.`);
  return sniffed;
}

/** A change to the text properties: `null` clears one; an empty string clears it too, as Entra does. */
export function applyBrandingChanges(current: Branding, changes: Partial<BrandingProperties>, at: string): Branding {
  const next: Branding = { ...current, modifiedAt: at };
  for (const name of BRANDING_PROPERTY_NAMES) {
    if (!(name in changes)) continue;
    const value = changes[name];
    next[name] = value === undefined || value === null || value.trim() === '' ? null : value;
  }
  if (next.backgroundColor) next.backgroundColor = next.backgroundColor.toUpperCase();
  return next;
}

/**
 * What pages and mails apply for a locale: the localization's own values, else the default's.
 * Images are named by the branding that holds them, so their URL points at the right one.
 */
export interface EffectiveBranding extends BrandingProperties {
  images: Partial<Record<BrandingImageKind, BrandingImageInfo & { brandingId: string }>>;
}

export function effectiveBranding(defaults: Branding | undefined, localized: Branding | undefined): EffectiveBranding | undefined {
  if (!defaults && !localized) return undefined;
  const out = { images: {} } as EffectiveBranding;
  for (const name of BRANDING_PROPERTY_NAMES) out[name] = localized?.[name] ?? defaults?.[name] ?? null;
  for (const kind of BRANDING_IMAGES) {
    const own = localized?.images[kind];
    const base = defaults?.images[kind];
    if (own && localized) out.images[kind] = { ...own, brandingId: localized.id };
    else if (base && defaults) out.images[kind] = { ...base, brandingId: defaults.id };
  }
  return out;
}
