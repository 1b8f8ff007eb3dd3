/**
 * Length limits and link rules that are business rules: the API refuses longer input with a 400,
 * the mail message schema holds the same bounds, and the console validates as the admin types.
 */

/** Longest custom invitation message accepted (UTF-16 code units); the invitation API returns 400 above it. */
export const CUSTOM_MESSAGE_MAX_LENGTH = 10_000;
/** Longest justification, denial reason or approver comment (UTF-16 code units). */
export const JUSTIFICATION_MAX_LENGTH = 4_000;
/** Longest display name of a person, organization or access package. */
export const NAME_MAX_LENGTH = 256;
/** Longest access package description. */
export const DESCRIPTION_MAX_LENGTH = 4_000;
/** Longest URL a mail may link to. */
export const URL_MAX_LENGTH = 4_096;
/** Most recipients ACS accepts in one send (To and Cc together). */
export const MAX_RECIPIENTS = 50;

/** True for absolute http(s) URLs: the only kind a mail may link to. */
export function isHttpUrl(value: string): boolean {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
