import { describe, expect, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import { isDomainAllowed, MAX_DOMAIN_LIST_CHARACTERS, normalizeDomainLists } from '../../../src/domain/policies/invitation-domain-policy';

const policy = (allowedDomains: string[], blockedDomains: string[] = []) => ({ allowedDomains, blockedDomains });

describe('isDomainAllowed', () => {
  it('when both lists are empty, then every domain is allowed', () => {
    expect(isDomainAllowed(policy([]), 'anna@contoso.com')).toBe(true);
  });

  it('when only a block list is set, then listed domains are refused whatever the case and others pass', () => {
    const p = policy([], ['contoso.com']);
    expect(isDomainAllowed(p, 'Anna@CONTOSO.com')).toBe(false);
    expect(isDomainAllowed(p, 'anna@fabrikam.com')).toBe(true);
    expect(isDomainAllowed(p, 'anna@sub.contoso.com')).toBe(true);
  });

  it('when an allow list is set, then only listed domains pass', () => {
    const p = policy(['contoso.com']);
    expect(isDomainAllowed(p, 'anna@contoso.com')).toBe(true);
    expect(isDomainAllowed(p, 'anna@fabrikam.com')).toBe(false);
    expect(isDomainAllowed(p, 'contoso.com')).toBe(true);
  });

  it('when a domain is both allowed and blocked, then the block wins', () => {
    expect(isDomainAllowed(policy(['contoso.com'], ['contoso.com']), 'anna@contoso.com')).toBe(false);
    expect(isDomainAllowed(policy(['*.contoso.com'], ['lab.contoso.com']), 'x@lab.contoso.com')).toBe(false);
    expect(isDomainAllowed(policy(['*.contoso.com'], ['lab.contoso.com']), 'x@eu.contoso.com')).toBe(true);
  });

  it('when a wildcard is listed, then it matches subdomains but not the domain itself', () => {
    const p = policy(['*.contoso.com']);
    expect(isDomainAllowed(p, 'a@eu.contoso.com')).toBe(true);
    expect(isDomainAllowed(p, 'a@x.eu.contoso.com')).toBe(true);
    expect(isDomainAllowed(p, 'a@contoso.com')).toBe(false);
    expect(isDomainAllowed(p, 'a@evilcontoso.com')).toBe(false);
  });

  it('when the address has no domain, then it is not allowed', () => {
    expect(isDomainAllowed(policy([]), 'anna@')).toBe(false);
  });
});

describe('normalizeDomainLists', () => {
  it('when domains are given in mixed case with duplicates, then they are lower-cased and de-duplicated', () => {
    expect(normalizeDomainLists({ allowedDomains: ['Contoso.COM', 'contoso.com.', ' *.Fabrikam.com '], blockedDomains: [] })).toEqual({
      allowedDomains: ['contoso.com', '*.fabrikam.com'],
      blockedDomains: [],
    });
  });

  it('when a domain is malformed, then the failure names its list and index', () => {
    const error = (() => { try { normalizeDomainLists({ allowedDomains: ['ok.com'], blockedDomains: ['not a domain', 'a*.b.com'] }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(Failure);
    expect((error as Failure).details.map((d) => d.target)).toEqual(['blockedDomains[0]', 'blockedDomains[1]']);
  });

  it('when both lists together pass 25,000 characters, then they are refused, and at the limit they pass', () => {
    const domain = (i: number) => `d${String(i).padStart(5, '0')}.example.com`; // 18 characters
    const count = Math.floor((MAX_DOMAIN_LIST_CHARACTERS + 1) / 19);
    const atLimit = Array.from({ length: count }, (_, i) => domain(i));
    expect(atLimit.join(',').length).toBeLessThanOrEqual(MAX_DOMAIN_LIST_CHARACTERS);
    expect(() => normalizeDomainLists({ allowedDomains: atLimit.slice(0, 600), blockedDomains: atLimit.slice(600) })).not.toThrow();
    expect(() => normalizeDomainLists({ allowedDomains: atLimit, blockedDomains: [domain(99_999)] })).toThrow(Failure);
  });
});
