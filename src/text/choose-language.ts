import { DEFAULT_LOCALE, LOCALES, type SupportedLocale } from './locales';

/** The language preferences that decide a mail's language, strongest first. */
export interface LanguagePreferences {
  /** The explicit `messageLanguage`; unlike Entra it also applies when a custom message is given. */
  messageLanguage?: string | null | undefined;
  /** The recipient's `preferredLanguage`. */
  recipientPreferredLanguage?: string | null | undefined;
  /** The organization's `preferredLanguage`. */
  organizationPreferredLanguage?: string | null | undefined;
}

const supported = Object.keys(LOCALES) as SupportedLocale[];

const primarySubtag = (tag: string): string => tag.split('-')[0] ?? tag;

/** A supported locale for one tag: the exact locale, else the first with the same language. */
function match(tag: string | null | undefined): SupportedLocale | undefined {
  const wanted = tag?.trim().replace(/_/g, '-').toLowerCase();
  if (!wanted) return undefined;
  const exact = supported.find((locale) => locale.toLowerCase() === wanted);
  if (exact) return exact;
  const language = primarySubtag(wanted);
  return supported.find((locale) => primarySubtag(locale.toLowerCase()) === language);
}

/**
 * The language a mail is written in: `messageLanguage` → the recipient's preferred language →
 * the organization's → `en-US`. Tags match case-insensitively; a tag whose region is not
 * supported (`nl-BE`, `nl`) still picks its language (`nl-NL`) before the next preference is tried.
 */
export function chooseLanguage(preferences: LanguagePreferences): SupportedLocale {
  return (
    match(preferences.messageLanguage) ??
    match(preferences.recipientPreferredLanguage) ??
    match(preferences.organizationPreferredLanguage) ??
    DEFAULT_LOCALE
  );
}
