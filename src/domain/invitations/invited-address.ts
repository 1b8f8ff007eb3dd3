import { err, Failure, ok, type Result } from '../errors';

/**
 * The invited email address, checked as Graph checks `invitedUserEmailAddress`, except that plus
 * addresses (`anna+partners@contoso.com`) are accepted and delivered as written (Entra refuses them).
 */
export interface InvitedAddress {
  /** As the inviter wrote it: mail goes here. */
  address: string;
  /** Lower-cased, for matching (addresses are matched case-insensitively). */
  normalized: string;
  localPart: string;
  /** Lower-cased domain. */
  domain: string;
}

// Graph refuses these in the local part; `+` is refused by Graph too but Gatehouse allows it.
const FORBIDDEN_LOCAL = /[~!#$%^&*()=[\]{}\\/|;:"<>?,\s]/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_ADDRESS = 254;

export function parseInvitedAddress(input: string, target = 'invitedUserEmailAddress'): Result<InvitedAddress, Failure> {
  const refuse = (reason: string) =>
    err(new Failure('validationFailed', `The invited user email address is invalid: ${reason}.`, { details: [{ target, message: reason }] }));
  const address = input.trim();
  if (address.length === 0) return refuse('it is empty');
  if (address.length > MAX_ADDRESS) return refuse(`it is longer than ${MAX_ADDRESS} characters`);
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return refuse("it must contain exactly one '@' with a local part before it");
  const localPart = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (localPart.length > 64) return refuse('the part before @ is longer than 64 characters');
  if (FORBIDDEN_LOCAL.test(localPart)) return refuse('the part before @ contains a character that is not allowed');
  if (/^[.-]|[.-]$/.test(localPart)) return refuse("the part before @ may not start or end with '.' or '-'");
  if (localPart.includes('..')) return refuse("the part before @ may not contain '..'");
  if (/^\+|\+$/.test(localPart)) return refuse("the part before @ may not start or end with '+'");
  if (!DOMAIN.test(domain)) return refuse('the domain is not a valid domain name');
  return ok({ address, normalized: address.toLowerCase(), localPart, domain });
}

/**
 * The guest's user principal name, as Entra forms it: `john_contoso.com#EXT#@fabrikam.onmicrosoft.com`.
 * `+` (allowed by Gatehouse, not by Entra) is written as `~`, which Graph refuses in invited
 * addresses, so two different invitees can never get the same UPN.
 */
export function guestUserPrincipalName(invited: InvitedAddress, initialDomain: string): string {
  const local = invited.normalized.replace('@', '_').replace(/\+/g, '~');
  return `${local}#EXT#@${initialDomain.toLowerCase()}`;
}
