import { describe, expect, it } from 'vitest';
import { apiScopeOf, checkPermissionScopes, grantedScopeValues, type PermissionScope } from '../../../src/domain/applications/exposed-api';

const buildScope = (value: string, overrides: Partial<PermissionScope> = {}): PermissionScope => ({
  id: value,
  value,
  type: 'User',
  adminConsentDisplayName: value,
  adminConsentDescription: '',
  userConsentDisplayName: null,
  userConsentDescription: null,
  isEnabled: true,
  ...overrides,
});

describe('the scopes of an application\'s own API', () => {
  it('when a scope names an identifier URI or an appId, then its API and name are read from it; plain scopes name none', () => {
    expect(apiScopeOf('api://projects/Files.Read')).toEqual({ resource: 'api://projects', name: 'Files.Read' });
    expect(apiScopeOf('https://contoso.example/projects/Files.Read')).toEqual({ resource: 'https://contoso.example/projects', name: 'Files.Read' });
    expect(apiScopeOf('8F2C1D4E-0000-4000-8000-000000000001/.default')).toEqual({ resource: 'api://8f2c1d4e-0000-4000-8000-000000000001', name: '.default' });
    for (const plain of ['openid', 'offline_access', 'User.Read', 'api://projects/', '/Files.Read', 'not a uri/Files.Read']) expect(apiScopeOf(plain), plain).toBeUndefined();
  });

  it('when .default is asked, then every enabled scope is granted; otherwise only the enabled ones asked for, in the API\'s order', () => {
    const exposed = [buildScope('Files.Read'), buildScope('Files.Write'), buildScope('Files.Delete', { isEnabled: false })];
    expect(grantedScopeValues(['.default'], exposed)).toEqual(['Files.Read', 'Files.Write']);
    expect(grantedScopeValues(['files.write', 'Files.Read'], exposed)).toEqual(['Files.Read', 'Files.Write']);
    expect(grantedScopeValues(['Files.Delete', 'Files.Nope'], exposed)).toEqual([]);
  });

  it('when two scopes share a value or an id, or a value has a space, then the registration is refused', () => {
    expect(() => checkPermissionScopes([buildScope('Files.Read', { id: 'a' }), buildScope('files.read', { id: 'b' })])).toThrow(/distinct/);
    expect(() => checkPermissionScopes([buildScope('A', { id: 'x' }), buildScope('B', { id: 'X' })])).toThrow(/distinct/);
    expect(() => checkPermissionScopes([buildScope('Files Read', { id: 'a' })])).toThrow(/spaces/);
    expect(() => checkPermissionScopes([buildScope('Files.Read', { id: 'a' }), buildScope('Files.Write', { id: 'b' })])).not.toThrow();
  });
});
