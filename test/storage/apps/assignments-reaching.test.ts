import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppRoleAssignment } from '../../../src/domain/applications';
import { listAssignmentsReaching, MAX_READS_PER_PAGE, type ReachingCursor } from '../../../src/domain/applications/list-assignments-reaching';
import { createTableAppRoleAssignments } from '../../../src/storage/app-role-assignment-repository';
import { freshTable } from './support';

function buildAssignment(principalId: string, overrides: Partial<AppRoleAssignment> = {}): AppRoleAssignment {
  return {
    id: randomUUID(),
    appRoleId: randomUUID(),
    principalId,
    principalType: 'User',
    principalDisplayName: null,
    resourceId: randomUUID(),
    resourceDisplayName: 'Contoso Portal',
    createdAt: new Date('2026-11-21T08:00:00.000Z'),
    ...overrides,
  };
}

/** A user in `groups`, with `own` assignments and `perGroup[i]` for group i, on one table. */
async function world(own: number, perGroup: number[], groupIds?: string[]) {
  const repo = createTableAppRoleAssignments(await freshTable('reach'));
  const userId = randomUUID();
  const groups = groupIds ?? perGroup.map(() => randomUUID());
  const expected: AppRoleAssignment[] = [];
  for (let i = 0; i < own; i++) expected.push(buildAssignment(userId));
  perGroup.forEach((n, g) => {
    for (let i = 0; i < n; i++) expected.push(buildAssignment(groups[g]!, { principalType: 'Group' }));
  });
  for (const a of expected) await repo.add(a);
  const membership = { groups: [...groups] };
  const deps = { assignments: repo, memberships: { groupIdsOf: async () => membership.groups } };
  return { deps, userId, groups, expected, membership, repo };
}

async function readAll(deps: Parameters<typeof listAssignmentsReaching>[0], userId: string, top: number) {
  const ids: string[] = [];
  const pages: number[] = [];
  let after: ReachingCursor | undefined;
  do {
    const page = await listAssignmentsReaching(deps, userId, { top, after });
    expect(page.items.length).toBeLessThanOrEqual(top);
    ids.push(...page.items.map((a) => a.id));
    pages.push(page.items.length);
    after = page.next;
  } while (after);
  return { ids, pages };
}

describe("a user's app role assignments, a page at a time", () => {
  it('when the pages are followed to the end, then every assignment of the user and of their groups comes exactly once, whatever the page size', async () => {
    const { deps, userId, expected } = await world(3, [0, 4, 1, 5]);
    for (const top of [1, 2, 3, 7, 100]) {
      const { ids } = await readAll(deps, userId, top);
      expect(ids.sort()).toEqual(expected.map((a) => a.id).sort());
    }
  });

  it('when the assignments of one principal span several pages, then a page stops inside that principal and the next resumes there (the cursor carries the storage continuation)', async () => {
    const { deps, userId, groups } = await world(0, [5]);
    const first = await listAssignmentsReaching(deps, userId, { top: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next?.principalId).toBe(groups[0]);
    expect(first.next?.continuationToken).toEqual(expect.any(String));
  });

  it('when the user left the group a cursor names, then the next page goes on with the following group and repeats nothing', async () => {
    const { deps, userId, groups, expected, membership } = await world(1, [2, 2, 2]);
    const sorted = [...groups].sort();
    const first = await listAssignmentsReaching(deps, userId, { top: 2 });
    const seen = new Set(first.items.map((a) => a.id));
    const cursorGroup = first.next!.principalId;
    membership.groups = groups.filter((g) => g !== cursorGroup);
    let after = first.next;
    while (after) {
      const page = await listAssignmentsReaching(deps, userId, { top: 2, after });
      for (const a of page.items) {
        expect(seen.has(a.id)).toBe(false);
        seen.add(a.id);
      }
      after = page.next;
    }
    const later = sorted.filter((g) => g > cursorGroup);
    for (const a of expected.filter((x) => later.includes(x.principalId))) expect(seen.has(a.id)).toBe(true);
  });

  it('when the user has many groups without assignments, then a page makes a bounded number of reads and comes back short with a cursor rather than reading them all', async () => {
    const empty = Array.from({ length: MAX_READS_PER_PAGE + 5 }, () => 0);
    // Ids in ascending order, so the one group holding an assignment is read last.
    const groupIds = [...empty, 1].map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const { deps, userId, expected, repo } = await world(0, [...empty, 1], groupIds);
    let reads = 0;
    const counting = { ...deps, assignments: { ...repo, listPageByPrincipal: (id: string, p: { top: number; continuationToken?: string | undefined }) => (reads++, repo.listPageByPrincipal(id, p)) } };
    const first = await listAssignmentsReaching(counting, userId, { top: 10 });
    expect(reads).toBe(MAX_READS_PER_PAGE);
    expect(first.items).toEqual([]);
    expect(first.next).toBeDefined();
    const { ids } = await readAll(counting, userId, 10);
    expect(ids).toEqual(expected.map((a) => a.id));
  });

  it('when a principal is soft-deleted, then its assignments leave the pages and come back when it is restored', async () => {
    const { deps, userId, groups, expected, repo } = await world(1, [2]);
    await repo.principalDeleted(groups[0]!);
    expect((await readAll(deps, userId, 1)).ids).toEqual(expected.filter((a) => a.principalId === userId).map((a) => a.id));
    await repo.principalRestored(groups[0]!);
    expect((await readAll(deps, userId, 1)).ids.sort()).toEqual(expected.map((a) => a.id).sort());
  });
});
