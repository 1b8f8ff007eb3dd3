/**
 * Clean text: what every text value that enters Gatehouse must be (JSON bodies and bulk CSV rows
 * alike). No C0 control characters (tabs and line breaks only in the multi-line properties Graph
 * has, such as `customizedMessageBody`, `description`, `justification`), no DEL or C1 controls, no
 * bidirectional controls (U+200E/U+200F, U+061C, U+202A–U+202E, U+2066–U+2069: they make names in
 * mails and pages read differently from what they are), and no unpaired surrogates (no UTF-8 text
 * can carry one, so neither can a stored value or a JSON answer).
 */

/** Properties whose text may span lines, as Graph allows (by name, wherever they appear). */
export const MULTILINE_PROPERTIES: ReadonlySet<string> = new Set([
  'customizedMessageBody', 'description', 'justification', 'message', 'notes', 'text', 'membershipRule',
]);

// C0 except tab/LF/CR, DEL and C1; bidi controls; a surrogate without its partner.
const ALWAYS_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAKS = /[\t\n\r]/;

/** Why `text` is refused in a property named `key`, or undefined when it is clean. */
export function textProblem(text: string, key: string | undefined): string | undefined {
  const bad = ALWAYS_BAD.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) return 'must not contain an unpaired surrogate (not valid Unicode text)';
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return code >= 0x061c ? `must not contain the bidirectional control character ${hex}` : `must not contain the control character ${hex}`;
  }
  if (LINE_BREAKS.test(text) && !(key !== undefined && MULTILINE_PROPERTIES.has(key))) return 'must be a single line (no tabs or line breaks)';
  return undefined;
}

/** Every refused string in a JSON value, with the path of the property that holds it. */
export function textIssues(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const visit = (v: unknown, at: (string | number)[], key: string | undefined): void => {
    if (typeof v === 'string') {
      const problem = textProblem(v, key);
      if (problem) issues.push({ path: at, message: problem });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...at, i], key));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const keyProblem = textProblem(k, undefined);
        if (keyProblem) issues.push({ path: [...at, k], message: `property name ${keyProblem}` });
        else visit(item, [...at, k], k);
      }
    }
  };
  visit(value, path, undefined);
  return issues;
}

