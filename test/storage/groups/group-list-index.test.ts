import { describe, expect, it } from 'vitest';
import { createGroup, deleteGroup, updateGroup } from '../../../src/domain/groups/manage-group';
import { fromGroupIndexDocument, GROUP_INDEXES, groupIndexDocument } from '../../../src/domain/groups/group-indexes';
import { planQuery } from '../../../src/domain/query/plan';
import { createIndexedCollection } from '../../../src/storage/indexed-collection';
import { createTableGroupRecycleBin } from '../../../src/storage/group-recycle-bin';
import { createTableGroupRepository } from '../../../src/storage/group-repository';
import { freshTable, testGroupModule } from './support';

const admin = { kind: 'app', appId: 'admin-app' } as const;
const assigned = (name: string) => ({ displayName: name, mailNickname: name.toLowerCase().replace(/\W/g, ''), securityEnabled: true });

describe('the groups list index', () => {
  it('when groups were stored before the index existed, then buildListIndex indexes them once, and later writes keep it in step', async () => {
    const m = await testGroupModule();
    const first = await createGroup(m.deps, assigned('Alpha team'), admin);
    const second = await createGroup(m.deps, { ...assigned('Beta team'), groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }, admin);
    // The same Groups table, now with an index (an upgraded deployment).
    const collection = createIndexedCollection(await freshTable('i'), 'groups', GROUP_INDEXES);
    const repository = createTableGroupRepository(m.groupsTable, () => new Date(), { collection, document: groupIndexDocument });
    const everything = planQuery(GROUP_INDEXES, {});
    if (!everything) throw new Error('no plan');
    expect((await collection.page(everything, { top: 10 })).items).toEqual([]);
    expect(await repository.buildListIndex(new Date())).toBe(2);
    expect(await repository.buildListIndex(new Date())).toBe(0);
    const names = async () => (await collection.page(everything, { top: 10 })).items.map((doc) => fromGroupIndexDocument(doc).displayName).sort();
    expect(await names()).toEqual(['Alpha team', 'Beta team']);
    // The recycle bin (Beta is a Microsoft 365 group, so its delete goes there) keeps the same index in step.
    const indexed = { ...m.deps, groups: repository, recycleBin: createTableGroupRecycleBin(m.groupsTable, repository.syncListIndex) };
    await updateGroup(indexed, first.id, { displayName: 'Alpha renamed' }, admin);
    await deleteGroup(indexed, second.id, admin);
    expect(await names()).toEqual(['Alpha renamed']);
    expect(fromGroupIndexDocument((await collection.page(everything, { top: 10 })).items[0] ?? {})).toMatchObject({ id: first.id, mailNickname: 'alphateam', createdAt: first.createdAt });
  });
});

describe('the groups list index repair', () => {
  it('when a crash falls between a group write and its index sync, then the repair finds it by its marker and syncs it once', async () => {
    const m = await testGroupModule();
    const collection = createIndexedCollection(await freshTable('i'), 'groups', GROUP_INDEXES);
    const document = groupIndexDocument;
    let crash = true;
    // The index sync dies as a process would between the two writes.
    const crashing = { ...collection, sync: async (id: string, load: () => Promise<Record<string, unknown> | undefined>) => (crash ? Promise.reject(new Error('crash')) : collection.sync(id, load)) };
    const broken = createTableGroupRepository(m.groupsTable, () => new Date(), { collection: crashing, document });
    const repository = createTableGroupRepository(m.groupsTable, () => new Date(), { collection, document });
    const everything = planQuery(GROUP_INDEXES, {});
    if (!everything) throw new Error('no plan');
    const names = async () => (await collection.page(everything, { top: 10 })).items.map((doc) => fromGroupIndexDocument(doc).displayName).sort();

    const fine = await createGroup({ ...m.deps, groups: repository }, assigned('Fine team'), admin);
    await expect(createGroup({ ...m.deps, groups: broken }, assigned('Lost team'), admin)).rejects.toThrow('crash');
    await expect(updateGroup({ ...m.deps, groups: broken }, fine.id, { displayName: 'Fine renamed' }, admin)).rejects.toThrow('crash');
    expect(await names()).toEqual(['Fine team']);

    // Markers younger than the grace period belong to writes that may still be running.
    expect(await repository.repairListIndex(new Date(Date.now() - 60_000))).toBe(0);
    crash = false;
    expect(await repository.repairListIndex(new Date(Date.now() + 1000))).toBe(2);
    expect(await names()).toEqual(['Fine renamed', 'Lost team']);
    // Markers are gone once synced; a successful write leaves none either.
    expect(await repository.repairListIndex(new Date(Date.now() + 1000))).toBe(0);
    await updateGroup({ ...m.deps, groups: repository }, fine.id, { displayName: 'Fine again' }, admin);
    expect(await repository.repairListIndex(new Date(Date.now() + 1000))).toBe(0);
    expect(await names()).toEqual(['Fine again', 'Lost team']);
  });
});
