import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppRoleAssignment, AppRoleAssignmentRepository } from '../../../src/domain/applications';
import { createTableAppRoleAssignments } from '../../../src/storage/app-role-assignment-repository';
import { crashingAt, freshTable } from './support';

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


function buildAssignment(overrides: Partial<AppRoleAssignment> = {}): AppRoleAssignment {
  return {
    id: randomUUID(),
    appRoleId: randomUUID(),
    principalId: randomUUID(),
    principalType: 'User',
    principalDisplayName: 'Anna Partner',
    resourceId: randomUUID(),
    resourceDisplayName: 'Contoso Portal',
    createdAt: new Date('2026-11-21T08:00:00.000Z'),
    ...overrides,
  };
}

describe('app role assignments in Table Storage', () => {
  let table: TableClient;
  beforeEach(async () => {
    table = await freshTable('apps');
  });

  it('when an assignment is added, then it is read from the application side and from the principal side', async () => {
    const repo = createTableAppRoleAssignments(table);
    const a = buildAssignment();
    expect(await repo.add(a)).toBe('added');
    expect(await repo.get(a.resourceId, a.id)).toEqual(a);
    expect((await repo.listByResource(a.resourceId, { top: 10 })).items).toEqual([a]);
    expect(await allByPrincipal(repo, a.principalId)).toEqual([a]);
    expect(await repo.listByPrincipal(a.principalId, a.resourceId)).toEqual([a]);
    expect(await repo.listByPrincipal(a.principalId, randomUUID())).toEqual([]);
  });

  it('when the same principal, application and role are added twice, then the second is a duplicate and nothing changes', async () => {
    const repo = createTableAppRoleAssignments(table);
    const a = buildAssignment();
    await repo.add(a);
    expect(await repo.add({ ...a, id: randomUUID() })).toBe('duplicate');
    expect((await repo.listByResource(a.resourceId, { top: 10 })).items).toEqual([a]);
    expect(await allByPrincipal(repo, a.principalId)).toEqual([a]);
    expect(await repo.add({ ...a, id: randomUUID(), appRoleId: randomUUID() })).toBe('added');
  });

  it('when a page is smaller than the application’s assignments, then following the continuation reads each once', async () => {
    const repo = createTableAppRoleAssignments(table);
    const resourceId = randomUUID();
    const added = [];
    for (let i = 0; i < 5; i++) added.push(buildAssignment({ resourceId }));
    for (const a of added) await repo.add(a);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await repo.listByResource(resourceId, { top: 2, continuationToken: token });
      seen.push(...page.items.map((a) => a.id));
      token = page.continuationToken;
    } while (token);
    expect(seen.sort()).toEqual(added.map((a) => a.id).sort());
  });

  it('when the writer crashes between the forward and the reverse edge, then nothing is visible until a read of the application finishes it in both directions', async () => {
    const a = buildAssignment();
    const crashing = crashingAt(table, { method: 'upsertEntity', partitionPrefix: 'p|' });
    await expect(createTableAppRoleAssignments(crashing).add(a)).rejects.toThrow(/simulated crash/);
    expect(crashing.crashed()).toBe(true);

    const restarted = createTableAppRoleAssignments(table);
    expect(await allByPrincipal(restarted, a.principalId)).toEqual([]);
    expect((await restarted.listByResource(a.resourceId, { top: 10 })).items).toEqual([a]);
    expect(await allByPrincipal(restarted, a.principalId)).toEqual([a]);
    expect(await restarted.add({ ...a, id: randomUUID() })).toBe('duplicate');
  });

  it('when the writer crashes between the reverse edge and the commit, then the application side finishes it and both sides agree', async () => {
    const a = buildAssignment();
    const crashing = crashingAt(table, { method: 'updateEntity', partitionPrefix: 'r|' });
    await expect(createTableAppRoleAssignments(crashing).add(a)).rejects.toThrow(/simulated crash/);

    const restarted = createTableAppRoleAssignments(table);
    expect(await restarted.get(a.resourceId, a.id)).toEqual(a);
    expect(await allByPrincipal(restarted, a.principalId)).toEqual([a]);
    expect((await table.getEntity(`r|${a.resourceId}`, `a|${a.id}`))['state']).toBe('committed');
  });

  it('when a removal crashes after marking the edge, then the application no longer shows it and removing again finishes it', async () => {
    const a = buildAssignment();
    await createTableAppRoleAssignments(table).add(a);
    const crashing = crashingAt(table, { method: 'deleteEntity', partitionPrefix: 'p|' });
    await expect(createTableAppRoleAssignments(crashing).remove(a.resourceId, a.id)).rejects.toThrow(/simulated crash/);

    const restarted = createTableAppRoleAssignments(table);
    expect(await restarted.get(a.resourceId, a.id)).toBeUndefined();
    expect(await allByPrincipal(restarted, a.principalId)).toEqual([]);
    expect(await restarted.add({ ...a, id: randomUUID() })).toBe('added');
  });

  it('when an assignment is removed twice, then both succeed and the triple can be assigned again', async () => {
    const repo = createTableAppRoleAssignments(table);
    const a = buildAssignment();
    await repo.add(a);
    await repo.remove(a.resourceId, a.id);
    await repo.remove(a.resourceId, a.id);
    expect(await repo.get(a.resourceId, a.id)).toBeUndefined();
    expect(await allByPrincipal(repo, a.principalId)).toEqual([]);
    expect(await repo.add({ ...a, id: randomUUID() })).toBe('added');
  });

  it('when the principal is soft-deleted, restored and purged, then its assignments are hidden, come back exactly, then go; each step may run twice', async () => {
    const repo = createTableAppRoleAssignments(table);
    const principalId = randomUUID();
    const mine = [buildAssignment({ principalId }), buildAssignment({ principalId })];
    const other = buildAssignment({ resourceId: mine[0]!.resourceId });
    for (const a of [...mine, other]) await repo.add(a);

    await repo.principalDeleted(principalId);
    await repo.principalDeleted(principalId);
    expect(await allByPrincipal(repo, principalId)).toEqual([]);
    expect((await repo.listByResource(mine[0]!.resourceId, { top: 10 })).items).toEqual([other]);
    expect(await repo.get(mine[1]!.resourceId, mine[1]!.id)).toBeUndefined();
    expect(await repo.countForRole(mine[0]!.resourceId, mine[0]!.appRoleId, 5)).toBe(1);

    await repo.principalRestored(principalId);
    await repo.principalRestored(principalId);
    expect((await allByPrincipal(repo, principalId)).map((a) => a.id).sort()).toEqual(mine.map((a) => a.id).sort());
    expect(await repo.get(mine[1]!.resourceId, mine[1]!.id)).toEqual(mine[1]);

    await repo.principalPurged(principalId);
    await repo.principalPurged(principalId);
    expect(await allByPrincipal(repo, principalId)).toEqual([]);
    expect((await repo.listByResource(mine[0]!.resourceId, { top: 10, includeHidden: true })).items).toEqual([other]);
    expect(await repo.add({ ...mine[0]!, id: randomUUID() })).toBe('added');
  });

  it('when roles are counted, then only that role of that application counts, up to the limit', async () => {
    const repo = createTableAppRoleAssignments(table);
    const resourceId = randomUUID();
    const appRoleId = randomUUID();
    for (let i = 0; i < 3; i++) await repo.add(buildAssignment({ resourceId, appRoleId }));
    await repo.add(buildAssignment({ resourceId }));
    expect(await repo.countForRole(resourceId, appRoleId, 10)).toBe(3);
    expect(await repo.countForRole(resourceId, appRoleId, 1)).toBe(1);
    expect(await repo.countForRole(resourceId, randomUUID(), 10)).toBe(0);
  });
});
