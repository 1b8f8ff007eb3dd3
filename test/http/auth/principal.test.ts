import { describe, expect, it } from 'vitest';
import {
  DIRECTORY_ROLE_NAMES,
  DIRECTORY_ROLE_TEMPLATE_IDS,
  directoryRoleNameOf,
  hasPermission,
  type GraphPermission,
  type Principal,
} from '../../../src/domain/principal';
import { principalFromClaims } from '../../../src/http/auth';

const app = (...permissions: GraphPermission[]): Principal => ({ kind: 'app', appId: 'client-1', permissions: new Set(permissions) });
const user: Principal = { kind: 'user', userId: 'u1', scopes: new Set(['user_impersonation']) };
const ids = DIRECTORY_ROLE_TEMPLATE_IDS;

describe('hasPermission', () => {
  it('when an app holds one of the listed permissions, then it is allowed; otherwise not', () => {
    const need = { permissions: ['User.Invite.All', 'User.ReadWrite.All'] as GraphPermission[] };
    expect(hasPermission(app('User.ReadWrite.All'), [], need)).toBe(true);
    expect(hasPermission(app('Directory.Read.All'), [], need)).toBe(false);
  });

  it('when an app is checked, then directory roles play no part', () => {
    expect(hasPermission(app(), [ids['Global Administrator']], { roles: ['Guest Inviter'] })).toBe(false);
  });

  it('when a user holds one of the listed roles, then the user is allowed; otherwise not', () => {
    const need = { roles: ['User Administrator', 'Guest Inviter'] as const };
    expect(hasPermission(user, [ids['Guest Inviter']], { roles: [...need.roles] })).toBe(true);
    expect(hasPermission(user, [ids['Helpdesk Administrator']], { roles: [...need.roles] })).toBe(false);
    expect(hasPermission(user, [], { roles: [...need.roles], permissions: ['User.Invite.All'] })).toBe(false);
  });

  it('when a user is Global Administrator, then every check passes', () => {
    expect(hasPermission(user, [ids['Global Administrator'].toUpperCase()], { roles: ['Catalog creator'] })).toBe(true);
    expect(hasPermission(user, [ids['Global Administrator']], {})).toBe(true);
  });

  it('when the rule lists nothing, then no app and no ordinary user passes', () => {
    expect(hasPermission(app('Directory.ReadWrite.All'), [], {})).toBe(false);
    expect(hasPermission(user, Object.values(ids).filter((id) => id !== ids['Global Administrator']), {})).toBe(false);
  });
});

describe('directory roles', () => {
  it('when listed, then every role has a distinct lower-case GUID template id that maps back to its name', () => {
    const values = Object.values(ids);
    expect(new Set(values).size).toBe(values.length);
    for (const name of DIRECTORY_ROLE_NAMES) {
      expect(ids[name]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(directoryRoleNameOf(ids[name].toUpperCase())).toBe(name);
    }
    expect(directoryRoleNameOf('88d8e3e3-8f55-4a1e-953a-9b9898b8876b')).toBeUndefined(); // Directory Readers: not modelled
  });
});

describe('principalFromClaims', () => {
  it('when idtyp is app, then the caller is the app named by azp, or appid in v1.0 tokens', () => {
    expect(principalFromClaims({ idtyp: 'app', azp: 'c2', roles: ['AuditLog.Read.All', 'Nope'] })).toEqual({
      kind: 'app',
      appId: 'c2',
      permissions: new Set(['AuditLog.Read.All']),
    });
    expect(principalFromClaims({ idtyp: 'app', appid: 'c1' })).toEqual({ kind: 'app', appId: 'c1', permissions: new Set() });
  });

  it('when idtyp is absent, then roles without scp mean app-only and scp means delegated', () => {
    expect(principalFromClaims({ azp: 'c', roles: ['Directory.Read.All'] })?.kind).toBe('app');
    expect(principalFromClaims({ azp: 'c', oid: 'u', scp: 'a b', roles: ['Directory.Read.All'] })).toEqual({
      kind: 'user',
      userId: 'u',
      scopes: new Set(['a', 'b']),
    });
  });

  it('when the claims are contradictory or incomplete, then there is no caller', () => {
    for (const claims of [
      { idtyp: 'app', azp: 'c', scp: 'x' },
      { idtyp: 'app', azp: 'c', roles: 'Directory.Read.All' },
      { idtyp: 'user', scp: 'x' },
      { idtyp: 'device', oid: 'u' },
      { oid: 'u', scp: 7 },
      { sub: 'someone' },
    ]) {
      expect(principalFromClaims(claims)).toBeUndefined();
    }
  });
});

describe('principalFromClaims: the verified email of a delegated token', () => {
  const base = { idtyp: 'user', oid: 'o1', scp: 'user_impersonation', email: 'Ann@Fabrikam.com' };
  const email = (claims: Record<string, unknown>) => {
    const p = principalFromClaims(claims);
    return p?.kind === 'user' ? p.verifiedEmail : 'not a user';
  };

  it('when the issuer vouches for the email (email_verified, or Entra xms_edov), then the principal carries it', () => {
    expect(email({ ...base, email_verified: true })).toBe('Ann@Fabrikam.com');
    expect(email({ ...base, xms_edov: true })).toBe('Ann@Fabrikam.com');
    expect(email({ ...base, xms_edov: '1' })).toBe('Ann@Fabrikam.com');
  });

  it('when nothing vouches for the email, or it is no address, then the principal has none', () => {
    expect(email(base)).toBeUndefined();
    expect(email({ ...base, email_verified: 'true' })).toBeUndefined();
    expect(email({ ...base, email_verified: false, xms_edov: false })).toBeUndefined();
    expect(email({ ...base, email: 'no-at-sign', email_verified: true })).toBeUndefined();
  });
});
