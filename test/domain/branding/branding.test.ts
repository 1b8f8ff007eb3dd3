import { describe, expect, it } from 'vitest';
import { applyBrandingChanges, brandingIdOf, checkImage, effectiveBranding, emptyBranding, MAX_IMAGE_BYTES } from '../../../src/domain/branding/branding';
import { Failure } from '../../../src/domain/errors';
import { browserLanguage } from '../../../src/text/accept-language';
import { readableOn } from '../../../src/http/pages/page-brand';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof Failure ? error.code : 'thrown';
  }
  return 'ok';
};

describe('branding', () => {
  it('when an image is checked, then PNG and JPEG pass only with a matching type, and SVG, HTML, empty and oversized bodies are refused', () => {
    expect(checkImage(PNG, 'image/png')).toBe('image/png');
    expect(checkImage(JPEG, 'image/jpeg; charset=binary')).toBe('image/jpeg');
    expect(checkImage(JPEG, 'image/jpg')).toBe('image/jpeg');
    expect(codeOf(() => checkImage(PNG, 'image/jpeg'))).toBe('unsupportedMediaType');
    expect(codeOf(() => checkImage(PNG, 'text/html'))).toBe('unsupportedMediaType');
    expect(codeOf(() => checkImage(new TextEncoder().encode('<svg onload="alert(1)"/>'), 'image/png'))).toBe('unsupportedMediaType');
    expect(codeOf(() => checkImage(new Uint8Array(0), 'image/png'))).toBe('invalidRequest');
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG);
    expect(codeOf(() => checkImage(big, 'image/png'))).toBe('payloadTooLarge');
  });

  it('when ids are given as Graph writes them, then 0 and default are the default branding and culture names are normalized', () => {
    expect(brandingIdOf('0')).toBe('0');
    expect(brandingIdOf('Default')).toBe('0');
    expect(brandingIdOf('nl-nl')).toBe('nl-NL');
    expect(brandingIdOf('../etc')).toBeUndefined();
    expect(brandingIdOf('nl')).toBeUndefined();
  });

  it('when changes are applied, then only the named properties change, empty text clears, and colours are upper-cased', () => {
    const base = { ...emptyBranding('0', 't0'), signInPageText: 'Hello', usernameHintText: 'hint' };
    const next = applyBrandingChanges(base, { backgroundColor: '#1f4e79', signInPageText: '  ', usernameHintText: undefined }, 't1');
    expect(next).toMatchObject({ backgroundColor: '#1F4E79', signInPageText: null, usernameHintText: null, modifiedAt: 't1' });
    expect(applyBrandingChanges(base, { customTermsOfUseUrl: 'https://x.example/t' }, 't2')).toMatchObject({ signInPageText: 'Hello', usernameHintText: 'hint', customTermsOfUseUrl: 'https://x.example/t' });
  });

  it('when a locale has its own branding, then its values win and the default fills the rest, images named by the branding holding them', () => {
    const defaults = { ...emptyBranding('0', 't'), backgroundColor: '#000000', signInPageText: 'Default text', images: { squareLogo: { contentType: 'image/png' as const, version: 'v1' } } };
    const dutch = { ...emptyBranding('nl-NL', 't'), signInPageText: 'Nederlandse tekst', images: { bannerLogo: { contentType: 'image/jpeg' as const, version: 'v2' } } };
    expect(effectiveBranding(defaults, dutch)).toMatchObject({
      backgroundColor: '#000000',
      signInPageText: 'Nederlandse tekst',
      images: { squareLogo: { brandingId: '0', version: 'v1' }, bannerLogo: { brandingId: 'nl-NL', version: 'v2' } },
    });
    expect(effectiveBranding(undefined, undefined)).toBeUndefined();
  });

  it('when a header colour is chosen, then the text on it is the one with more contrast', () => {
    expect(readableOn('#1F4E79')).toBe('#ffffff');
    expect(readableOn('#FFFF33')).toBe('#000000');
  });
});

describe('Accept-Language', () => {
  it('when a browser lists languages with weights, then the heaviest supported one is chosen, by language when the region is not supported', () => {
    expect(browserLanguage('nl-BE,nl;q=0.9,en;q=0.8')).toBe('nl-NL');
    expect(browserLanguage('fr-FR, en;q=0.5, nl;q=0.7')).toBe('nl-NL');
    expect(browserLanguage('de-DE,fr;q=0.9')).toBeUndefined();
    expect(browserLanguage('nl;q=0, en-GB')).toBe('en-US');
    expect(browserLanguage('*')).toBeUndefined();
    expect(browserLanguage(null)).toBeUndefined();
  });
});
