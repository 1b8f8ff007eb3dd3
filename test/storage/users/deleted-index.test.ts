import { describe, expect, it } from 'vitest';
import { createUser } from '../../../src/domain/users/create-user';
import { deleteUser, purgeDeletedUsers, restoreUser } from '../../../src/domain/users/delete-user';
import { planQuery } from '../../../src/domain/query/plan';
import { DELETED_USER_INDEXES } from '../../../src/domain/users/user-indexes';
import { toGraphUser } from '../../../src/domain/users/user-wire';
import { createIndexedCollection } from '../../../src/storage/indexed-collection';
import { createTableUserRepository } from '../../../src/storage/user-repository';
import { buildCreateInput, buildUserDeps, freshTable } from './support';

const DAY = 86_400_000;
const by = { initiatedBy: { kind: 'app', appId: 'test-app' } } as const;

/** User use-case deps whose repository keeps the deleted users' index. */
async function withDeletedIndex() {
  const deps = await buildUserDeps();
  const collection = createIndexedCollection(await freshTable('di'), 'deletedUsers', DELETED_USER_INDEXES);
  const [users, addresses] = await Promise.all([freshTable('u'), freshTable('ua')]);
  deps.users = createTableUserRepository(users, addresses, {}, undefined, { collection, document: toGraphUser });
  return { deps, collection };
}

const oldestFirst = () => {
  const plan = planQuery(DELETED_USER_INDEXES, { orderBy: { property: 'deletedDateTime', descending: false } });
  if (!plan) throw new Error('no plan');
  return plan;
};

describe('the deleted users index', () => {
  it('when users are deleted over time, then the bin pages through them oldest first across continuations, and a restored user leaves it', async () => {
    const { deps, collection } = await withDeletedIndex();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await createUser(deps, buildCreateInput({ displayName: `Deleted ${i}` }));
      await deleteUser(deps, { id: user.id, ...by });
      ids.push(user.id);
      deps.clock.now = new Date(deps.clock.now.getTime() + 60_000);
    }
    await restoreUser(deps, { id: ids[2]!, ...by });
    const seen: string[] = [];
    let position: string | undefined;
    let pages = 0;
    do {
      const page = await collection.page(oldestFirst(), { top: 2, position });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((doc) => String(doc['id'])));
      position = page.next;
      pages++;
    } while (position);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(await collection.count(oldestFirst())).toBe(4);
  });

  it('when 30 days have passed for some, then the purge finds exactly those through the index and their index rows go with them', async () => {
    const { deps, collection } = await withDeletedIndex();
    const early = await createUser(deps, buildCreateInput());
    await deleteUser(deps, { id: early.id, ...by });
    deps.clock.now = new Date(deps.clock.now.getTime() + 10 * DAY);
    const late = await createUser(deps, buildCreateInput());
    await deleteUser(deps, { id: late.id, ...by });
    deps.clock.now = new Date(deps.clock.now.getTime() + 21 * DAY);
    expect(await purgeDeletedUsers(deps, by)).toEqual([early.id]);
    expect(await deps.users.get(early.id)).toBeUndefined();
    expect((await collection.page(oldestFirst(), { top: 10 })).items.map((d) => d['id'])).toEqual([late.id]);
  });

  it('when an index row outlived its user\'s deletion (a crash before the sync, or a restore not yet synced), then the purge skips it and the live user stays', async () => {
    const { deps, collection } = await withDeletedIndex();
    const anna = await createUser(deps, buildCreateInput());
    await collection.sync(anna.id, async () => ({ ...toGraphUser(anna), deletedDateTime: new Date(deps.clock.now.getTime() - 40 * DAY).toISOString() }));
    expect(await purgeDeletedUsers(deps, by)).toEqual([]);
    expect((await deps.users.get(anna.id))?.user.deletedAt).toBeNull();
  });
});
