import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { consoleEnUS, type ConsoleStrings } from '../../../../src/text/console-en-US';
import { consoleNlNL } from '../../../../src/text/console-nl-NL';

/** The console's languages; the bundles live with the server's in src/text. */
export const LANGUAGES = { 'en-US': { name: 'English', strings: consoleEnUS }, 'nl-NL': { name: 'Nederlands', strings: consoleNlNL } } as const;
export type Language = keyof typeof LANGUAGES;

const CHOICE_KEY = 'gatehouse.console.language';

/** The stored choice, else the browser's first language we have (nl-BE → nl-NL), else English. */
export function initialLanguage(): Language {
  const stored = sessionStorage.getItem(CHOICE_KEY);
  if (stored && stored in LANGUAGES) return stored as Language;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split('-')[0];
    const found = (Object.keys(LANGUAGES) as Language[]).find((l) => l.toLowerCase().split('-')[0] === primary);
    if (found) return found;
  }
  return 'en-US';
}

type LocaleValue = { language: Language; t: ConsoleStrings; setLanguage(l: Language): void; formatDate(iso: string | null | undefined): string };
const LocaleContext = createContext<LocaleValue | undefined>(undefined);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language.split('-')[0]!;
  }, [language]);
  const value = useMemo<LocaleValue>(() => {
    const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      language,
      t: LANGUAGES[language].strings,
      setLanguage(l) {
        sessionStorage.setItem(CHOICE_KEY, l);
        setLanguageState(l);
      },
      formatDate: (iso) => (iso ? format.format(new Date(iso)) : '—'),
    };
  }, [language]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}
