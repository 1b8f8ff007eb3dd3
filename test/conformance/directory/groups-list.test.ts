import { randomUUID } from 'node:crypto';
import type { Group } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, type GroupsWorld } from './groups-fixture';

type Listed = { value: (Group & Record<string, unknown>)[]; '@odata.count'?: number; '@odata.context'?: string; '@odata.nextLink'?: string };
const EVENTUAL = { ConsistencyLevel: 'eventual' };

describe('group-list.md: the documented examples, advanced queries included', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;
  // A word no other test file's groups carry, so counts are exact.
  const tag = `zq${randomUUID().slice(0, 6)}`;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
    made['a'] = (await w.group({ displayName: `a ${tag} first`, description: 'plain' })).id;
    made['b'] = (await w.group({ displayName: `A ${tag} second`, description: 'prod stuff' })).id;
    made['video'] = (await w.group({ displayName: `Video ${tag}`, description: 'Video Production' })).id;
    made['dynamic'] = (await w.group({ displayName: `Dynamic ${tag}`, groupTypes: ['DynamicMembership'], membershipRule: '(user.userType -eq "Guest") or (user.city -eq "Nairobi")', membershipRuleProcessingState: 'On' })).id;
    made['m365'] = (await w.group({ displayName: `M365 ${tag}`, groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false })).id;
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('example 2: $count=true&$filter=hasMembersWithLicenseErrors eq true → 400 naming the property (Gatehouse has no licensing)', async () => {
    const failure = await graphFailure(w.reader.api('/groups').header('ConsistencyLevel', 'eventual').query({ $count: 'true' }).filter('hasMembersWithLicenseErrors eq true').select('id,displayName').get());
    expect(failure.statusCode).toBe(400);
    expect(failure.error.message).toContain('hasMembersWithLicenseErrors');
  });

  it('example 3: GET /groups/$count with ConsistencyLevel: eventual → a text/plain number; without the header → 400', async () => {
    const response = await fetch(`${rt.url}/api/v1.0/groups/$count`, { headers: { Authorization: `Bearer ${await rt.token({ roles: ['Directory.Read.All'] })}`, ...EVENTUAL } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(Number(await response.text())).toBeGreaterThanOrEqual(5);
    const without = await fetch(`${rt.url}/api/v1.0/groups/$count`, { headers: { Authorization: `Bearer ${await rt.token({ roles: ['Directory.Read.All'] })}` } });
    expect(without.status).toBe(400);
  });

  it("example 4: $filter=startswith(displayName,'a')&$count=true&$top=1&$orderby=displayName → one group, @odata.count, a nextLink", async () => {
    const page = (await w.reader.api('/groups').headers(EVENTUAL).query({ $count: 'true' }).filter(`startswith(displayName, 'a ${tag}')`).top(1).orderby('displayName').get()) as Listed;
    expect(page['@odata.count']).toBe(2);
    expect(page.value.map((g) => g.id)).toEqual([made['a']]);
    expect(page['@odata.nextLink']).toMatch(/\$skiptoken=/);
    const without = await graphFailure(w.reader.api('/groups').filter(`startswith(displayName, 'a')`).orderby('displayName').get());
    expect(without.statusCode).toBe(400);
  });

  it('example 5: $search="displayName:Video" OR "description:prod" with $orderby and $count', async () => {
    const page = (await w.reader.api('/groups').headers(EVENTUAL).query({ $search: `"displayName:${tag}" AND ("displayName:Video" OR "description:prod")`, $count: 'true' }).orderby('displayName').get()) as Listed;
    expect(page.value.map((g) => g.id)).toEqual([made['b'], made['video']]);
    expect(page['@odata.count']).toBe(2);
    const noHeader = await graphFailure(w.reader.api('/groups').query({ $search: '"displayName:Video"' }).get());
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.error.message).toContain('ConsistencyLevel');
  });

  it("example 6: dynamic security groups: mailEnabled eq false and securityEnabled eq true and NOT(groupTypes/any(s:s eq 'Unified')) and membershipRuleProcessingState eq 'On'", async () => {
    const page = (await w.reader.api('/groups').headers(EVENTUAL).query({ $count: 'true' })
      .filter(`mailEnabled eq false and securityEnabled eq true and NOT(groupTypes/any(s:s eq 'Unified')) and membershipRuleProcessingState eq 'On' and startswith(displayName, 'Dynamic ${tag}')`)
      .select('id,membershipRule,membershipRuleProcessingState').get()) as Listed;
    expect(page.value).toEqual([{ id: made['dynamic'], membershipRule: '(user.userType -eq "Guest") or (user.city -eq "Nairobi")', membershipRuleProcessingState: 'On' }]);
    expect(page['@odata.context']).toMatch(/groups\(id,membershipRule,membershipRuleProcessingState\)$/);
  });

  it('example 7: assignedLicenses/any() with $expand=members → 400 (the empty any() is not supported; assignedLicenses is named once the filter is dropped)', async () => {
    const failure = await graphFailure(w.reader.api('/groups').select('id,assignedLicenses').filter('assignedLicenses/any()').expand('members($select=id,displayName)').get());
    expect(failure.statusCode).toBe(400);
    expect(failure.error.message).toContain('any(');
    const selected = await graphFailure(w.reader.api('/groups').select('id,assignedLicenses').expand('members($select=id,displayName)').get());
    expect(selected.statusCode).toBe(400);
    expect(selected.error.message).toContain('assignedLicenses');
  });

  it("Microsoft 365 groups filter with groupTypes/any(c:c eq 'Unified'); a deleted group leaves the list", async () => {
    const unified = (await w.reader.api('/groups').filter(`groupTypes/any(c:c eq 'Unified') and startswith(displayName, 'M365 ${tag}')`).get()) as Listed;
    expect(unified.value.map((g) => g.id)).toEqual([made['m365']]);
    await w.admin.api(`/groups/${made['m365']}`).delete();
    const after = (await w.reader.api('/groups').filter(`startswith(displayName, 'M365 ${tag}')`).get()) as Listed;
    expect(after.value).toEqual([]);
  });
});
