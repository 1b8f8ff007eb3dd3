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
