import type { z } from 'zod';
import type { ConsoleStrings } from '../../../../src/text/console-en-US';

/**
 * Runs the API's own zod schema (imported from the server code) on what the form would send and
 * returns one message per field path (`invitedUserMessageInfo.ccRecipients.0.emailAddress.address`),
 * in the console's language where the rule is a common one.
 */
export function fieldErrors(schema: z.ZodType, body: unknown, t: ConsoleStrings): Record<string, string> {
  const result = schema.safeParse(body);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (out[path]) continue;
    out[path] = messageOf(issue, t);
  }
  return out;
}

function messageOf(issue: z.core.$ZodIssue, t: ConsoleStrings): string {
  if (issue.code === 'too_big' && typeof issue.maximum === 'number' && issue.origin === 'string') return t.tooLong(issue.maximum);
  if (issue.code === 'too_small' && issue.origin === 'string') return t.required;
  if (issue.code === 'invalid_format' && issue.format === 'email') return t.invalidEmail;
  if (issue.code === 'invalid_type' && issue.input === undefined) return t.required;
  return issue.message;
}
