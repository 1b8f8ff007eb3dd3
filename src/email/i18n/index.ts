export type { Sender, Strings } from './strings';
export { DEFAULT_LOCALE, LOCALES, stringsFor, type SupportedLocale } from './locales';
export { chooseLanguage, type LanguagePreferences } from './choose-language';
