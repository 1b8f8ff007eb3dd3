import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guestUserPrincipalName, parseInvitedAddress } from '../../../src/domain/invitations/invited-address';

const parse = (s: string) => parseInvitedAddress(s);
const upn = (s: string) => {
  const r = parse(s);
  if (!r.ok) throw new Error(r.error.message);
  return guestUserPrincipalName(r.value, 'Fabrikam.onmicrosoft.com');
};

describe('invited addresses', () => {
  it('when an ordinary address is invited, then the guest UPN follows Entra: john_contoso.com#EXT#@initial domain', () => {
    expect(upn('John@Contoso.com')).toBe('john_contoso.com#EXT#@fabrikam.onmicrosoft.com');
  });

  it('when a plus address is invited, then it is accepted, kept as written for delivery, and gets its own UPN', () => {
    const r = parse('Anna+partners@contoso.com');
    expect(r.ok && r.value.address).toBe('Anna+partners@contoso.com');
    expect(upn('anna+partners@contoso.com')).toBe('anna~partners_contoso.com#EXT#@fabrikam.onmicrosoft.com');
    expect(upn('anna+partners@contoso.com')).not.toBe(upn('anna_partners@contoso.com'));
  });

  it.each([
    ['', 'it is empty'],
    ['no-at-sign', "exactly one '@'"],
    ['a@b@contoso.com', "exactly one '@'"],
    ['john#doe@contoso.com', 'not allowed'],
    ['john doe@contoso.com', 'not allowed'],
    ['.john@contoso.com', "may not start or end with '.' or '-'"],
    ['john-@contoso.com', "may not start or end with '.' or '-'"],
    ['jo..hn@contoso.com', "'..'"],
    ['+john@contoso.com', "'+'"],
    ['john@contoso', 'not a valid domain'],
    ['john@-contoso.com', 'not a valid domain'],
  ])('when %j is invited, then it is refused naming why', (input, reason) => {
    const r = parse(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validationFailed');
      expect(r.error.message).toContain(reason);
      expect(r.error.details[0]?.target).toBe('invitedUserEmailAddress');
    }
  });

  it('when any string is given, then parsing returns a result and never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => typeof parse(s).ok === 'boolean'));
  });

  it('when two accepted addresses differ (ignoring case), then their UPNs differ', () => {
    const local = fc.stringMatching(/^[a-z0-9_][a-z0-9_.+-]{0,10}[a-z0-9_]$/);
    const domain = fc.constantFrom('contoso.com', 'contoso.co', 'co.ntoso.com', 'example.org');
    fc.assert(
      fc.property(local, domain, local, domain, (l1, d1, l2, d2) => {
        const a = parse(`${l1}@${d1}`);
        const b = parse(`${l2}@${d2}`);
        fc.pre(a.ok && b.ok && a.value.normalized !== b.value.normalized);
        if (a.ok && b.ok) expect(guestUserPrincipalName(a.value, 'f.onmicrosoft.com')).not.toBe(guestUserPrincipalName(b.value, 'f.onmicrosoft.com'));
      }),
    );
  });
});
