import { describe, expect, it } from 'vitest';
import { accountRefusal, applicationRefusal } from '../../../src/domain/sign-in/sign-in-policy';
import { pairwiseSubject, roleValues, tokenClaims, type TokenClaimsInput } from '../../../src/domain/sign-in/token-claims';

const role = (id: string, value: string | null) => ({ id, displayName: id, description: null, value, allowedMemberTypes: ['User' as const], isEnabled: true });

function buildInput(overrides: Partial<TokenClaimsInput> = {}): TokenClaimsInput {
  return {
    user: { id: 'u1', displayName: 'Ada Guest', userPrincipalName: 'ada_partner.example#EXT#@fabrikam.onmicrosoft.com', mail: 'ada@partner.example', userType: 'Guest', otherMails: [] },
    application: { appId: 'app-1', groupMembershipClaims: null, optionalClaims: null },
    tenantId: 't1',
    appRoles: [role('r1', 'Project.Read'), role('r2', 'Project.Write'), role('r3', null)],
    assignedRoleIds: ['R1', 'r3'],
    groupIds: ['g1'],
    identityProvider: 'mail',
    ...overrides,
  };
}

describe('tokenClaims', () => {
  it('when a guest holds roles, then the token has their values, the mail as preferred_username, acct 1 and no groups unless asked', () => {
    const claims = tokenClaims(buildInput(), 'idToken');
    expect(claims).toMatchObject({ oid: 'u1', tid: 't1', name: 'Ada Guest', email: 'ada@partner.example', preferred_username: 'ada@partner.example', acct: 1, idp: 'mail', roles: ['Project.Read'] });
    expect(claims).not.toHaveProperty('groups');
    expect(claims).not.toHaveProperty('upn');
  });

  it('when the application asks for security groups and the upn optional claim, then both are in the token', () => {
    const claims = tokenClaims(buildInput({ application: { appId: 'a', groupMembershipClaims: 'SecurityGroup', optionalClaims: { idToken: [{ name: 'upn', source: null, essential: false, additionalProperties: [] }], accessToken: [], saml2Token: [] } } }), 'idToken');
    expect(claims['groups']).toEqual(['g1']);
    expect(claims['upn']).toBe('ada_partner.example#EXT#@fabrikam.onmicrosoft.com');
  });

  it('when the user holds no role, then the token has no roles claim', () => {
    expect(tokenClaims(buildInput({ assignedRoleIds: [] }), 'idToken')).not.toHaveProperty('roles');
    expect(roleValues([role('r1', 'A')], ['other'])).toEqual([]);
  });

  it('when the same user signs in to two applications, then the pairwise subjects differ and stay stable', () => {
    const key = new Uint8Array(32).fill(7);
    expect(pairwiseSubject(key, 'app-1', 'u1')).toBe(pairwiseSubject(key, 'APP-1', 'U1'));
    expect(pairwiseSubject(key, 'app-1', 'u1')).not.toBe(pairwiseSubject(key, 'app-2', 'u1'));
  });
});

describe('sign-in policy', () => {
  const user = { id: 'u1', accountEnabled: true, deletedAt: null, userType: 'Guest' as const, externalUserState: 'Accepted' as const };
  it('when the account is blocked, deleted, unredeemed or its sessions were revoked after sign-in, then it is refused with that reason', () => {
    expect(accountRefusal({ user })).toBeUndefined();
    expect(accountRefusal({ user: { ...user, accountEnabled: false } })).toBe('accountDisabled');
    expect(accountRefusal({ user: { ...user, deletedAt: new Date() } })).toBe('unknownAccount');
    expect(accountRefusal({ user: { ...user, externalUserState: 'PendingAcceptance' } })).toBe('notRedeemed');
    expect(accountRefusal({ user, sessionsValidFrom: new Date('2026-01-02') }, new Date('2026-01-01'))).toBe('sessionRevoked');
    expect(accountRefusal({ user, sessionsValidFrom: new Date('2026-01-01') }, new Date('2026-01-02'))).toBeUndefined();
  });

  it('when assignment is required, then only an assigned user (directly or through a group) is admitted', () => {
    expect(applicationRefusal({ appRoleAssignmentRequired: true }, 0)).toBe('notAssigned');
    expect(applicationRefusal({ appRoleAssignmentRequired: true }, 1)).toBeUndefined();
    expect(applicationRefusal({ appRoleAssignmentRequired: false }, 0)).toBeUndefined();
    expect(applicationRefusal(undefined, 0)).toBe('noServicePrincipal');
  });
});
