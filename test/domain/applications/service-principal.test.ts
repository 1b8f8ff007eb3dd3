import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_ROLE_ID, assignableRole, checkAppRoles, removedAppRoles, type ServicePrincipal } from '../../../src/domain/applications/service-principal';
import { buildAppRole, NOW } from './support';

const app = (appRoles: ServicePrincipal['appRoles']): ServicePrincipal => ({
  id: 'sp',
  appId: 'app',
  displayName: 'Contoso',
  appRoles,
  appRoleAssignmentRequired: false,
  createdAt: NOW,
});

describe('app role rules', () => {
  it('when an app defines no roles, then only the default-access id is assignable', () => {
    expect(assignableRole(app([]), DEFAULT_ACCESS_ROLE_ID)).toBe('ok');
    expect(assignableRole(app([]), buildAppRole().id)).toBe('notFound');
  });

  it('when an app defines roles, then its enabled roles are assignable and default access, disabled or foreign roles are not', () => {
    const enabled = buildAppRole();
    const disabled = buildAppRole({ isEnabled: false, value: 'Other' });
    const sp = app([enabled, disabled]);
    expect(assignableRole(sp, enabled.id.toUpperCase())).toBe('ok');
    expect(assignableRole(sp, DEFAULT_ACCESS_ROLE_ID)).toBe('notFound');
    expect(assignableRole(sp, disabled.id)).toBe('notFound');
    expect(assignableRole(sp, buildAppRole().id)).toBe('notFound');
  });

  it('when roles repeat an id or a value, or use the reserved id, then they are refused naming the field', () => {
    const role = buildAppRole();
    expect(() => checkAppRoles([role, { ...role, value: 'x' }])).toThrow(expect.objectContaining({ details: [expect.objectContaining({ target: 'appRoles.1.id' })] }));
    expect(() => checkAppRoles([role, buildAppRole()])).toThrow(expect.objectContaining({ details: [expect.objectContaining({ target: 'appRoles.1.value' })] }));
    expect(() => checkAppRoles([buildAppRole({ id: DEFAULT_ACCESS_ROLE_ID })])).toThrow(/reserved/);
  });

  it('when an enabled role is removed or changed, then Entra’s "disable first" rule refuses it; disabling alone is allowed', () => {
    const role = buildAppRole();
    expect(() => removedAppRoles([role], [])).toThrow('Permission (scope or role) cannot be deleted or updated unless disabled first.');
    expect(() => removedAppRoles([role], [{ ...role, value: 'Changed' }])).toThrow(/unless disabled first/);
    expect(removedAppRoles([role], [{ ...role, isEnabled: false }])).toEqual([]);
  });

  it('when a disabled role is left out, then it is reported as removed', () => {
    const kept = buildAppRole();
    const gone = buildAppRole({ isEnabled: false, value: 'Gone' });
    expect(removedAppRoles([kept, gone], [kept])).toEqual([gone]);
  });
});
