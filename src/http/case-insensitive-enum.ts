import { z } from 'zod';

/**
 * An enumeration read as Graph reads it: any letter case on input (`"AdminAdd"` in the documented
 * examples), the spelling given here on output.
 */
export function caseInsensitiveEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v] as const));
  return z.string().transform((text, ctx): T[number] => {
    const found = byLower.get(text.toLowerCase());
    if (found === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be one of ${values.map((v) => `'${v}'`).join(', ')}` });
      return z.NEVER;
    }
    return found;
  });
}
