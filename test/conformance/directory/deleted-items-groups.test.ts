import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, type GroupsWorld } from './groups-fixture';

describe('directory-deleteditems pages for groups: refused by name (groups are deleted permanently)', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('directory-deleteditems-list (microsoft.graph.group) → 400 saying deleted groups are not kept', async () => {
    const failure = await graphFailure(w.reader.api('/directory/deletedItems/microsoft.graph.group').get());
    expect(failure.statusCode).toBe(400);
    expect(failure.error.message).toContain('microsoft.graph.group');
    expect(failure.error.message).toContain('permanently');
  });

  it('a deleted Microsoft 365 group is gone at once: GET → 404, and its mailNickname is free again', async () => {
    const group = await w.group({ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false });
    await w.admin.api(`/groups/${group.id}`).delete();
    expect((await graphFailure(w.admin.api(`/groups/${group.id}`).get())).statusCode).toBe(404);
    const again = await w.group({ mailNickname: group.mailNickname as string });
    expect(again.mailNickname).toBe(group.mailNickname);
  });
});
