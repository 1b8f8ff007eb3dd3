import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DIRECTORY_ROLE_TEMPLATE_IDS } from '../../../src/domain/principal';
import { ROLE_DEFINITIONS, assignDirectoryRole, findRoleDefinition, removeDirectoryRole, type RoleDeps } from '../../../src/domain/roles';
import { createTableRoleAssignments } from '../../../src/storage/role-assignment-repository';
import { createTableRoleLookup } from '../../../src/storage/role-lookup';
import { ADMIN, FakeDirectory, MemoryAuditLog, NOW } from '../applications/support';
import { freshTable } from '../../storage/apps/support';

const PRA = DIRECTORY_ROLE_TEMPLATE_IDS['Privileged Role Administrator'];

describe('built-in role definitions', () => {
  it('when listed, then every directory role of REFERENCE §5 is there with Entra’s template id, and Catalog creator is not', () => {
    expect(ROLE_DEFINITIONS.map((d) => d.displayName)).toEqual([
      'Global Administrator',
      'User Administrator',
      'Guest Inviter',
      'Helpdesk Administrator',
      'Privileged Role Administrator',
      'Identity Governance Administrator',
    ]);
    for (const d of ROLE_DEFINITIONS) {
      expect(d).toMatchObject({ id: DIRECTORY_ROLE_TEMPLATE_IDS[d.displayName], templateId: d.id, isBuiltIn: true, isEnabled: true });
      expect(d.rolePermissions[0]!.allowedResourceActions.length).toBeGreaterThan(0);
    }
    expect(findRoleDefinition(DIRECTORY_ROLE_TEMPLATE_IDS['Catalog creator'])).toBeUndefined();
    expect(findRoleDefinition(PRA.toUpperCase())?.displayName).toBe('Privileged Role Administrator');
  });
});

describe('assigning directory roles on Azurite', () => {
  let deps: RoleDeps & { directory: FakeDirectory; auditLog: MemoryAuditLog; rolesOf: ReturnType<typeof createTableRoleLookup> };
  beforeEach(async () => {
    const table = await freshTable('userole');
    const directory = new FakeDirectory();
    const auditLog = new MemoryAuditLog();
    deps = {
      roleAssignments: createTableRoleAssignments(table),
      principals: directory,
      audit: auditLog,
      now: () => NOW,
      newId: () => randomUUID(),
      directory,
      auditLog,
      rolesOf: createTableRoleLookup(table),
    };
  });

  it('when a user is given a role, then authorization sees it and "Add member to role" is audited; removing it reverses both', async () => {
    const userId = deps.directory.addUser('Pat Admin');
    const a = await assignDirectoryRole(deps, { principalId: userId, roleDefinitionId: PRA, actor: ADMIN });
    expect(a).toMatchObject({ principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/' });
    expect(await deps.rolesOf(userId)).toEqual([PRA]);
    expect(deps.auditLog.entries[0]).toMatchObject({
      activityDisplayName: 'Add member to role',
      category: 'RoleManagement',
      targetResources: [{ id: userId, type: 'User', displayName: 'Pat Admin' }, { id: PRA, type: 'Role', displayName: 'Privileged Role Administrator' }],
    });
    await removeDirectoryRole(deps, { id: a.id, actor: ADMIN });
    expect(await deps.rolesOf(userId)).toEqual([]);
    expect(deps.auditLog.activities()).toEqual(['Add member to role', 'Remove member from role']);
    await expect(removeDirectoryRole(deps, { id: a.id, actor: ADMIN })).rejects.toMatchObject({ code: 'notFound' });
  });

  it('when the input is wrong, then each refusal names its field: unknown role, other scope, a group, a duplicate', async () => {
    const userId = deps.directory.addUser();
    const groupId = deps.directory.addGroup();
    const target = (e: unknown) => (e as { details: { target: string }[] }).details[0]?.target;
    const fail = (input: Parameters<typeof assignDirectoryRole>[1]) => assignDirectoryRole(deps, input).then(() => undefined, (e: unknown) => e);
    expect(target(await fail({ principalId: userId, roleDefinitionId: DIRECTORY_ROLE_TEMPLATE_IDS['Catalog creator'], actor: ADMIN }))).toBe('roleDefinitionId');
    expect(target(await fail({ principalId: userId, roleDefinitionId: PRA, directoryScopeId: '/administrativeUnits/x', actor: ADMIN }))).toBe('directoryScopeId');
    expect(target(await fail({ principalId: groupId, roleDefinitionId: PRA, actor: ADMIN }))).toBe('principalId');
    expect(await fail({ principalId: randomUUID(), roleDefinitionId: PRA, actor: ADMIN })).toMatchObject({ code: 'notFound' });
    await assignDirectoryRole(deps, { principalId: userId, roleDefinitionId: PRA, actor: ADMIN });
    expect(await fail({ principalId: userId, roleDefinitionId: PRA, actor: ADMIN })).toMatchObject({
      code: 'validationFailed',
      message: 'A conflicting object with one or more of the specified property values is present in the directory.',
    });
  });
});
