import { Failure, type ErrorDetail } from '../errors';

/**
 * Which email domains may be invited (and may redeem: issue 5 checks again at redemption, so a
 * newly blocked domain stops pending invitations). Unlike Entra both lists may be set: a blocked
 * match always wins; an empty allow list allows every domain not blocked. `*.contoso.com` matches
 * every subdomain of contoso.com but not contoso.com itself.
 */
export interface InvitationDomainPolicy {
  id: 'invitationDomainPolicy';
  allowedDomains: string[];
  blockedDomains: string[];
}

/** Entra's limit for the collaboration restriction list, applied to both lists together. */
export const MAX_DOMAIN_LIST_CHARACTERS = 25_000;

const DOMAIN = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const defaultInvitationDomainPolicy = (): InvitationDomainPolicy => ({ id: 'invitationDomainPolicy', allowedDomains: [], blockedDomains: [] });

/** Lower-cases, trims and de-duplicates both lists; refuses malformed domains and lists over the limit. */
export function normalizeDomainLists(input: { allowedDomains: string[]; blockedDomains: string[] }): { allowedDomains: string[]; blockedDomains: string[] } {
  const details: ErrorDetail[] = [];
  const clean = (name: 'allowedDomains' | 'blockedDomains') => {
    const out = [...new Set(input[name].map((d) => d.trim().toLowerCase().replace(/\.$/, '')))];
    out.forEach((d, i) => {
      if (!DOMAIN.test(d)) details.push({ target: `${name}[${i}]`, message: `'${d.slice(0, 80)}' is not a domain name (wildcards only as *.domain)` });
    });
    return out;
  };
  const lists = { allowedDomains: clean('allowedDomains'), blockedDomains: clean('blockedDomains') };
  const all = [...lists.allowedDomains, ...lists.blockedDomains];
  // Counted as Entra counts its list: the domains joined by commas.
  const characters = all.join(',').length;
  if (characters > MAX_DOMAIN_LIST_CHARACTERS) {
    details.push({ target: 'allowedDomains', message: `the lists together hold ${characters} characters; at most ${MAX_DOMAIN_LIST_CHARACTERS}` });
  }
  if (details.length > 0) {
    throw new Failure('validationFailed', `Invalid value specified for property '${details[0]!.target}' of resource 'invitationDomainPolicy'.`, { details });
  }
  return lists;
}

function matches(pattern: string, domain: string): boolean {
  return pattern.startsWith('*.') ? domain.endsWith(pattern.slice(1)) : domain === pattern;
}

/** The domain part of an email address (or the argument itself when it has no '@'), lower-cased. */
export function domainOf(emailOrDomain: string): string {
  const at = emailOrDomain.lastIndexOf('@');
  return (at >= 0 ? emailOrDomain.slice(at + 1) : emailOrDomain).trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Whether `emailOrDomain` may be invited under `policy`: false when a blocked entry matches,
 * otherwise true when the allow list is empty or an allowed entry matches. Pure.
 */
export function isDomainAllowed(policy: Pick<InvitationDomainPolicy, 'allowedDomains' | 'blockedDomains'>, emailOrDomain: string): boolean {
  const domain = domainOf(emailOrDomain);
  if (!domain) return false;
  if (policy.blockedDomains.some((p) => matches(p, domain))) return false;
  return policy.allowedDomains.length === 0 || policy.allowedDomains.some((p) => matches(p, domain));
}
