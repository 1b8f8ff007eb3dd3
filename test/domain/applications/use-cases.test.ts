import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_ROLE_ID,
  assignAppRole,
  createServicePrincipal,
  deleteServicePrincipal,
  effectiveAppRoles,
  removeAppRoleAssignment,
  updateServicePrincipal,
  type AppRoleAssignment,
  type AppRoleAssignmentRepository,
} from '../../../src/domain/applications';
import { ADMIN, buildAppRole, buildApplicationDeps } from './support';

/** Every assignment a principal holds directly, following the continuation. */
async function allByPrincipal(repo: Pick<AppRoleAssignmentRepository, 'listPageByPrincipal'>, principalId: string): Promise<AppRoleAssignment[]> {
  const all: AppRoleAssignment[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await repo.listPageByPrincipal(principalId, { top: 2, continuationToken });
    all.push(...page.items);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return all;
}


type Deps = Awaited<ReturnType<typeof buildApplicationDeps>>;

describe('application use cases on Azurite with an in-memory directory', () => {
  let deps: Deps;
  beforeEach(async () => {
    deps = await buildApplicationDeps();
  });

  const newApp = (appRoles = [buildAppRole()]) => createServicePrincipal(deps, { principal: { displayName: 'Contoso Portal', appRoles }, actor: ADMIN });

  it('when an app is created without appId, then one is generated, and the change is audited as Entra names it', async () => {
    const sp = await newApp();
    expect(sp.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sp.appId).not.toBe(sp.id);
    expect(deps.auditLog.entries[0]).toMatchObject({ activityDisplayName: 'Add service principal', category: 'ApplicationManagement', initiatedBy: ADMIN, targetResources: [{ id: sp.id, type: 'ServicePrincipal' }] });
  });

  it('when an app defines no roles, then a user gets the default access role; an app with roles refuses it with a 400 naming appRoleId', async () => {
    const userId = deps.directory.addUser();
    const plain = await newApp([]);
    const a = await assignAppRole(deps, { resourceId: plain.id, principalId: userId, appRoleId: DEFAULT_ACCESS_ROLE_ID, actor: ADMIN });
    expect(a).toMatchObject({ appRoleId: DEFAULT_ACCESS_ROLE_ID, principalType: 'User', principalDisplayName: 'Anna Partner', resourceDisplayName: 'Contoso Portal' });
    const withRoles = await newApp();
    await expect(assignAppRole(deps, { resourceId: withRoles.id, principalId: userId, appRoleId: DEFAULT_ACCESS_ROLE_ID, actor: ADMIN })).rejects.toMatchObject({
      code: 'validationFailed',
      details: [{ target: 'appRoleId' }],
    });
  });

  it('when the same role is assigned twice, then Graph’s 400 message comes back; an unknown principal or app is a 404', async () => {
    const userId = deps.directory.addUser();
    const sp = await newApp();
    const input = { resourceId: sp.id, principalId: userId, appRoleId: sp.appRoles[0]!.id, actor: ADMIN };
    await assignAppRole(deps, input);
    await expect(assignAppRole(deps, input)).rejects.toMatchObject({ code: 'validationFailed', message: 'Permission being assigned already exists on the object.' });
    await expect(assignAppRole(deps, { ...input, principalId: randomUUID() })).rejects.toMatchObject({ code: 'notFound' });
    await expect(assignAppRole(deps, { ...input, resourceId: randomUUID() })).rejects.toMatchObject({ code: 'notFound' });
    expect(deps.auditLog.activities()).toContain('Add app role assignment to user');
  });

  it('when a group holds a role, then its direct members hold it effectively, marked as inherited, until they leave the group', async () => {
    const userId = deps.directory.addUser();
    const groupId = deps.directory.addGroup('Partners', [userId]);
    const reader = buildAppRole();
    const writer = buildAppRole({ value: 'Things.Write' });
    const sp = await newApp([reader, writer]);
    const viaGroup = await assignAppRole(deps, { resourceId: sp.id, principalId: groupId, appRoleId: reader.id, actor: ADMIN });
    const direct = await assignAppRole(deps, { resourceId: sp.id, principalId: userId, appRoleId: writer.id, actor: ADMIN });
    expect(deps.auditLog.activities()).toContain('Add app role assignment to group');

    const roles = await effectiveAppRoles(deps, userId, sp.id);
    expect(roles).toEqual(
      expect.arrayContaining([
        { appRoleId: reader.id, assignmentId: viaGroup.id, via: 'group', principalId: groupId },
        { appRoleId: writer.id, assignmentId: direct.id, via: 'direct', principalId: userId },
      ]),
    );
    expect(roles).toHaveLength(2);
    expect(await effectiveAppRoles(deps, userId, (await newApp()).id)).toEqual([]);

    deps.directory.removeMember(groupId, userId);
    expect((await effectiveAppRoles(deps, userId, sp.id)).map((r) => r.via)).toEqual(['direct']);
  });

  it('when a role with assignments is disabled, then that is allowed; removing it is refused until its assignments are gone', async () => {
    const userId = deps.directory.addUser();
    const role = buildAppRole();
    const sp = await newApp([role]);
    const a = await assignAppRole(deps, { resourceId: sp.id, principalId: userId, appRoleId: role.id, actor: ADMIN });
    const disabled = { ...role, isEnabled: false };
    await updateServicePrincipal(deps, { id: sp.id, changes: { appRoles: [disabled] }, actor: ADMIN });
    await expect(updateServicePrincipal(deps, { id: sp.id, changes: { appRoles: [] }, actor: ADMIN })).rejects.toMatchObject({
      code: 'validationFailed',
      details: [{ target: 'appRoles.0' }],
    });
    await removeAppRoleAssignment(deps, { resourceId: sp.id, assignmentId: a.id, actor: ADMIN });
    const updated = await updateServicePrincipal(deps, { id: sp.id, changes: { appRoles: [], displayName: 'Renamed' }, actor: ADMIN });
    expect(updated).toMatchObject({ appRoles: [], displayName: 'Renamed' });
    expect(deps.auditLog.activities()).toEqual(expect.arrayContaining(['Update service principal', 'Remove app role assignment from user']));
  });

  it('when an enabled role is removed outright, then Entra’s 400 refuses it', async () => {
    const sp = await newApp();
    await expect(updateServicePrincipal(deps, { id: sp.id, changes: { appRoles: [] }, actor: ADMIN })).rejects.toThrow(/unless disabled first/);
  });

  it('when an app is deleted, then its assignments go in both directions and deleting it again is a 404', async () => {
    const userId = deps.directory.addUser();
    const groupId = deps.directory.addGroup();
    const sp = await newApp();
    for (const principalId of [userId, groupId]) await assignAppRole(deps, { resourceId: sp.id, principalId, appRoleId: sp.appRoles[0]!.id, actor: ADMIN });
    await deleteServicePrincipal(deps, { id: sp.id, actor: ADMIN });
    expect(await deps.servicePrincipals.get(sp.id)).toBeUndefined();
    expect(await allByPrincipal(deps.assignments, userId)).toEqual([]);
    expect(await allByPrincipal(deps.assignments, groupId)).toEqual([]);
    expect((await deps.assignments.listByResource(sp.id, { top: 10, includeHidden: true })).items).toEqual([]);
    await expect(deleteServicePrincipal(deps, { id: sp.id, actor: ADMIN })).rejects.toMatchObject({ code: 'notFound' });
    expect(deps.auditLog.activities()).toContain('Remove service principal');
  });

  it('when an app delete crashed after hiding it, then deleting it again finishes the job', async () => {
    const userId = deps.directory.addUser();
    const sp = await newApp();
    await assignAppRole(deps, { resourceId: sp.id, principalId: userId, appRoleId: sp.appRoles[0]!.id, actor: ADMIN });
    await deps.servicePrincipals.markDeleting(sp.id, (await deps.servicePrincipals.get(sp.id))!.etag);
    expect(await deps.servicePrincipals.get(sp.id)).toBeUndefined();
    await deleteServicePrincipal(deps, { id: sp.id, actor: ADMIN });
    expect(await deps.servicePrincipals.isDeleting(sp.id)).toBeUndefined();
    expect(await allByPrincipal(deps.assignments, userId)).toEqual([]);
  });
});
