import { LOCALES, type SupportedLocale } from './locales';

/**
 * The supported locale a browser asks for in `Accept-Language` (RFC 9110: tags by weight, `q=0`
 * excluded; a tag's language matches when its region is not supported), or undefined.
 */
export function browserLanguage(header: string | null | undefined): SupportedLocale | undefined {
  if (!header) return undefined;
  const supported = Object.keys(LOCALES) as SupportedLocale[];
  const wanted = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((x) => x.tag && x.tag !== '*' && x.weight > 0 && Number.isFinite(x.weight))
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = supported.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const language = supported.find((l) => l.toLowerCase().split('-')[0] === tag.split('-')[0]);
    if (language) return language;
  }
  return undefined;
}
