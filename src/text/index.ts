export type { Sender, Strings } from './strings';
export { DEFAULT_LOCALE, LOCALES, stringsFor, type SupportedLocale } from './locales';
export { chooseLanguage, type LanguagePreferences } from './choose-language';
export type { PortalStrings } from './portal-strings';
export { cleanText, domainOf, escapeHtml, formatDateTime, safeHttpUrl, singleLine, textToHtml, trimLines } from './format';
