import type { SupportedLocale } from './locales';
import { portalHomeEnUS } from './portal-home-en-US';
import { portalHomeNlNL } from './portal-home-nl-NL';
import type { PortalHomeStrings } from './portal-home-strings';

const BY_LOCALE: Record<SupportedLocale, PortalHomeStrings> = { 'en-US': portalHomeEnUS, 'nl-NL': portalHomeNlNL };

/** The My Access home page's phrases in a supported locale. */
export function portalHomeStringsFor(locale: SupportedLocale): PortalHomeStrings {
  return BY_LOCALE[locale];
}
