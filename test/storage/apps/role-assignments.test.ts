import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import { DIRECTORY_ROLE_TEMPLATE_IDS } from '../../../src/domain/principal';
import type { DirectoryRoleAssignment } from '../../../src/domain/roles';
import { createTableRoleAssignments } from '../../../src/storage/role-assignment-repository';
import { createTableRoleLookup } from '../../../src/storage/role-lookup';
import { crashingAt, freshTable } from './support';

const USER_ADMIN = DIRECTORY_ROLE_TEMPLATE_IDS['User Administrator'];
const GUEST_INVITER = DIRECTORY_ROLE_TEMPLATE_IDS['Guest Inviter'];

function buildRoleAssignment(overrides: Partial<DirectoryRoleAssignment> = {}): DirectoryRoleAssignment {
  return { id: randomUUID(), principalId: randomUUID(), roleDefinitionId: USER_ADMIN, directoryScopeId: '/', ...overrides };
}

describe('directory role assignments in Table Storage', () => {
  let table: TableClient;
  beforeEach(async () => {
    table = await freshTable('roles');
  });

  it('when a role is assigned, then authorization sees it and it is found by id, by principal and by role', async () => {
    const repo = createTableRoleAssignments(table);
    const rolesOf = createTableRoleLookup(table);
    const a = buildRoleAssignment();
    const b = buildRoleAssignment({ roleDefinitionId: GUEST_INVITER });
    expect(await repo.add(a)).toBe('added');
    await repo.add(b);
    expect(await rolesOf(a.principalId)).toEqual([USER_ADMIN]);
    expect(await repo.get(a.id)).toEqual(a);
    expect((await repo.list({ principalId: a.principalId, top: 10 })).items).toEqual([a]);
    expect((await repo.list({ roleDefinitionId: USER_ADMIN, top: 10 })).items).toEqual([a]);
    expect((await repo.list({ top: 10 })).items.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect((await repo.list({ principalId: a.principalId, roleDefinitionId: GUEST_INVITER, top: 10 })).items).toEqual([]);
  });

  it('when the same principal is given the same role twice, then the second is a duplicate and leaves no index row behind', async () => {
    const repo = createTableRoleAssignments(table);
    const a = buildRoleAssignment();
    await repo.add(a);
    const again = { ...a, id: randomUUID() };
    expect(await repo.add(again)).toBe('duplicate');
    expect(await repo.get(again.id)).toBeUndefined();
    expect((await repo.list({ top: 10 })).items).toEqual([a]);
  });

  it('when the writer crashes between the index row and the authorization row, then reading it finishes the assignment', async () => {
    const a = buildRoleAssignment();
    const crashing = crashingAt(table, { method: 'createEntity', partitionPrefix: a.principalId });
    await expect(createTableRoleAssignments(crashing).add(a)).rejects.toThrow(/simulated crash/);
    const restarted = createTableRoleAssignments(table);
    expect(await createTableRoleLookup(table)(a.principalId)).toEqual([]);
    expect((await restarted.list({ top: 10 })).items).toEqual([a]);
    expect(await createTableRoleLookup(table)(a.principalId)).toEqual([USER_ADMIN]);
    expect(await restarted.get(a.id)).toEqual(a);
  });

  it('when a removal crashes after the authorization row is gone, then the assignment is not listed and removing again is fine', async () => {
    const a = buildRoleAssignment();
    await createTableRoleAssignments(table).add(a);
    const crashing = crashingAt(table, { method: 'deleteEntity', partitionPrefix: 'byId' });
    await expect(createTableRoleAssignments(crashing).remove(a.id)).rejects.toThrow(/simulated crash/);
    const restarted = createTableRoleAssignments(table);
    expect(await createTableRoleLookup(table)(a.principalId)).toEqual([]);
    expect((await restarted.list({ top: 10 })).items).toEqual([]);
    await restarted.remove(a.id);
    expect(await restarted.get(a.id)).toBeUndefined();
    expect(await restarted.add({ ...a, id: randomUUID() })).toBe('added');
  });

  it('when the principal is soft-deleted, restored and purged, then its roles stop counting, come back exactly, then go; each step may run twice', async () => {
    const repo = createTableRoleAssignments(table);
    const rolesOf = createTableRoleLookup(table);
    const principalId = randomUUID();
    const mine = [buildRoleAssignment({ principalId }), buildRoleAssignment({ principalId, roleDefinitionId: GUEST_INVITER })];
    const other = buildRoleAssignment();
    for (const a of [...mine, other]) await repo.add(a);

    await repo.principalDeleted(principalId);
    await repo.principalDeleted(principalId);
    expect(await rolesOf(principalId)).toEqual([]);
    expect(await repo.get(mine[0]!.id)).toBeUndefined();
    expect((await repo.list({ top: 10 })).items).toEqual([other]);

    await repo.principalRestored(principalId);
    await repo.principalRestored(principalId);
    expect([...(await rolesOf(principalId))].sort()).toEqual([USER_ADMIN, GUEST_INVITER].sort());
    expect(await repo.get(mine[1]!.id)).toEqual(mine[1]);

    await repo.principalDeleted(principalId);
    await repo.principalPurged(principalId);
    await repo.principalPurged(principalId);
    expect(await rolesOf(principalId)).toEqual([]);
    expect((await repo.list({ top: 10 })).items).toEqual([other]);
    await repo.principalRestored(principalId);
    expect(await rolesOf(principalId)).toEqual([]);
  });
});
