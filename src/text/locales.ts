import { enUS } from './en-US';
import { nlNL } from './nl-NL';
import type { Strings } from './strings';

/**
 * Every language mails can be written in. Adding a language is adding its file next to this one
 * and one line here; `satisfies` makes the compiler check the file is a complete `Strings`.
 * The first locale listed for a language is the one a bare or other-region tag (`nl`, `nl-BE`)
 * falls back to.
 */
export const LOCALES = {
  'en-US': enUS,
  'nl-NL': nlNL,
} as const satisfies Record<string, Strings>;

/** A locale mails can be written in. */
export type SupportedLocale = keyof typeof LOCALES;

/** The last resort, as in Entra. */
export const DEFAULT_LOCALE: SupportedLocale = 'en-US';

/** The phrases of a supported locale. */
export function stringsFor(locale: SupportedLocale): Strings {
  return LOCALES[locale];
}
