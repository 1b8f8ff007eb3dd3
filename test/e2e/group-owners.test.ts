import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';

const EM = 'identityGovernance/entitlementManagement';

describe('group owners over HTTP', () => {
  let rt: TestRuntime;
  let call: GraphCall;
  let reader: string;

  beforeAll(async () => {
    rt = await startRuntime();
    call = graphCaller(rt, await rt.token({ roles: ['Group.ReadWrite.All', 'User.ReadWrite.All', 'EntitlementManagement.ReadWrite.All'] }));
    reader = await rt.token({ roles: ['Directory.Read.All'] });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const created = async (path: string, body: unknown) => {
    const res = await call('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json & { id: string };
  };
  const newGroup = (extra: Record<string, unknown> = {}) =>
    created('groups', { displayName: 'Falcon', mailNickname: `falcon${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false, ...extra });
  const newUser = () => {
    const nick = `o${randomUUID().slice(0, 8)}`;
    return created('users', { accountEnabled: true, displayName: nick, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com` });
  };
  const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
  const ids = (body: Json) => (body.value ?? []).map((o) => o['id']);
  const ownerIds = async (groupId: string) => ids((await call('GET', `groups/${groupId}/owners`, undefined, reader)).body);
  const ownedIds = async (userId: string) => ids((await call('GET', `users/${userId}/ownedObjects`, undefined, reader)).body);

  it('when owners are added and removed, then owners and ownedObjects agree in Graph’s shape, owners are not members, and a duplicate is 400', async () => {
    const [group, second] = [await newGroup(), await newGroup()];
    const [olga, otto] = [await newUser(), await newUser()];
    expect((await call('POST', `groups/${group.id}/owners/$ref`, ref(olga.id))).status).toBe(204);
    expect((await call('POST', `groups/${group.id}/owners/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/users/${otto.id}` })).status).toBe(204);
    expect((await call('POST', `groups/${second.id}/owners/$ref`, ref(olga.id))).status).toBe(204);

    const duplicate = await call('POST', `groups/${group.id}/owners/$ref`, ref(olga.id));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toMatchObject({ code: 'Request_BadRequest', message: "One or more added object references already exist for the following modified properties: 'owners'." });

    const first = await call('GET', `groups/${group.id}/owners?$top=1`, undefined, reader);
    expect(first.status).toBe(200);
    expect(first.body['@odata.context']).toEqual(expect.stringContaining(`groups('${group.id}')/owners`));
    expect(first.body.value).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.user', userPrincipalName: expect.any(String) })]);
    const next = await fetch(String(first.body['@odata.nextLink']), { headers: { authorization: `Bearer ${reader}` } });
    const paged = [...ids(first.body), ...ids((await next.json()) as Json)];
    expect(paged.sort()).toEqual([olga.id, otto.id].sort());

    const owned = await call('GET', `users/${olga.id}/ownedObjects`, undefined, reader);
    expect((owned.body.value ?? []).map((g) => [g['@odata.type'], g['id']]).sort()).toEqual([['#microsoft.graph.group', group.id], ['#microsoft.graph.group', second.id]].sort());
    expect((await call('GET', `groups/${group.id}/members`, undefined, reader)).body.value).toEqual([]);

    expect((await call('DELETE', `groups/${group.id}/owners/${olga.id}/$ref`)).status).toBe(204);
    expect((await call('DELETE', `groups/${group.id}/owners/${olga.id}/$ref`)).status).toBe(404);
    expect(await ownerIds(group.id)).toEqual([otto.id]);
    // A security group may lose its last owner (Graph refuses that for Microsoft 365 groups only).
    expect((await call('DELETE', `groups/${group.id}/owners/${otto.id.toUpperCase()}/$ref`)).status).toBe(204);
    expect(await ownerIds(group.id)).toEqual([]);
    expect(await ownedIds(olga.id)).toEqual([second.id]);
  });

  it('when the reference is malformed or names nothing, then 400 naming @odata.id, or 404', async () => {
    const [group, user] = [await newGroup(), await newUser()];
    const bad = await call('POST', `groups/${group.id}/owners/$ref`, { '@odata.id': 'https://graph.microsoft.com/v1.0/groups' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((d) => d.target)).toContain('@odata.id');
    expect((await call('POST', `groups/${group.id}/owners/$ref`, {})).status).toBe(400);
    expect((await call('POST', `groups/${randomUUID()}/owners/$ref`, ref(user.id))).status).toBe(404);
    expect((await call('POST', `groups/${group.id}/owners/$ref`, ref(randomUUID()))).status).toBe(404);
    expect((await call('GET', `groups/${randomUUID()}/owners`, undefined, reader)).status).toBe(404);
    expect((await call('GET', `users/${randomUUID()}/ownedObjects`, undefined, reader)).status).toBe(404);
    expect((await call('DELETE', `groups/${randomUUID()}/owners/${user.id}/$ref`)).status).toBe(404);
  });

  it('when the caller may only change memberships or only read, then owner changes are 403; a User Administrator may change them', async () => {
    const [group, user] = [await newGroup(), await newUser()];
    const membersOnly = await rt.token({ roles: ['GroupMember.ReadWrite.All'] });
    expect((await call('POST', `groups/${group.id}/owners/$ref`, ref(user.id), membersOnly)).status).toBe(403);
    expect((await call('POST', `groups/${group.id}/owners/$ref`, ref(user.id), reader)).status).toBe(403);
    expect((await call('GET', `groups/${group.id}/owners`, undefined, membersOnly)).status).toBe(200);

    const userAdmin = await newUser();
    const roles = TableClient.fromConnectionString(rt.storage, 'RoleAssignments', { allowInsecureConnection: true });
    await roles.createEntity({ partitionKey: userAdmin.id, rowKey: 'fe930be7-5e62-47db-91af-98c3a49a38b1', id: randomUUID(), directoryScopeId: '/' });
    const asUserAdmin = await rt.token({ userId: userAdmin.id });
    expect((await call('POST', `groups/${group.id}/owners/$ref`, ref(user.id), asUserAdmin)).status).toBe(204);
    expect((await call('DELETE', `groups/${group.id}/owners/${user.id}/$ref`, undefined, await rt.token({ userId: user.id }))).status).toBe(403);
    expect((await call('DELETE', `groups/${group.id}/owners/${user.id}/$ref`, undefined, asUserAdmin)).status).toBe(204);
  });

  it('when owners change, then the audit log has "Add owner to group" and "Remove owner from group" with the group as target', async () => {
    const [group, user] = [await newGroup(), await newUser()];
    await call('POST', `groups/${group.id}/owners/$ref`, ref(user.id));
    await call('DELETE', `groups/${group.id}/owners/${user.id}/$ref`);
    const auditor = await rt.token({ roles: ['AuditLog.Read.All'] });
    for (const activity of ['Add owner to group', 'Remove owner from group']) {
      const res = await call('GET', `auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDisplayName eq '${activity}'`)}&$top=999`, undefined, auditor);
      const entry = (res.body.value ?? []).find((e) => (e['targetResources'] as { id: string }[])[0]?.id === group.id);
      expect(entry, activity).toMatchObject({ category: 'GroupManagement', result: 'success', targetResources: [{ id: group.id }, { id: user.id }] });
    }
  });

  it('when an owner is soft-deleted and restored, the ownership disappears and comes back; when the group is deleted, it is gone for good', async () => {
    const [group, user] = [await newGroup(), await newUser()];
    expect((await call('POST', `groups/${group.id}/owners/$ref`, ref(user.id))).status).toBe(204);
    expect((await call('DELETE', `users/${user.id}`)).status).toBe(204);
    expect(await ownerIds(group.id)).toEqual([]);
    expect((await call('POST', `directory/deletedItems/${user.id}/restore`)).status).toBeLessThan(300);
    expect(await ownerIds(group.id)).toEqual([user.id]);
    expect(await ownedIds(user.id)).toEqual([group.id]);

    expect((await call('DELETE', `groups/${group.id}`)).status).toBe(204);
    expect(await ownedIds(user.id)).toEqual([]);
    const rows = TableClient.fromConnectionString(rt.storage, 'GroupOwners', { allowInsecureConnection: true }).listEntities({ queryOptions: { filter: `RowKey eq '${group.id}' or PartitionKey eq 'g|${group.id}'` } });
    const left = [];
    for await (const row of rows) left.push(row);
    expect(left).toEqual([]);
  });

  /** A package in a fresh catalog whose one role is `Owner_<group>`, and a policy for members with `expiration`. */
  async function ownerPackage(groupId: string, expiration: Record<string, unknown>): Promise<{ packageId: string; policyId: string }> {
    const catalog = await created(`${EM}/catalogs`, { displayName: `Catalog ${randomUUID().slice(0, 6)}`, state: 'published' });
    const resource = await call('POST', `${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: groupId, originSystem: 'AadGroup' }, catalog: { id: catalog.id } });
    expect(resource.status, JSON.stringify(resource.body)).toBe(201);
    const pkg = await created(`${EM}/accessPackages`, { displayName: 'Falcon owners', catalog: { id: catalog.id } });
    await created(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, {
      role: { originId: `Owner_${groupId}`, originSystem: 'AadGroup', resource: { id: (resource.body['resource'] as { id: string }).id } },
      scope: { originId: 'Root', originSystem: 'AadGroup' },
    });
    const policy = await created(`${EM}/assignmentPolicies`, {
      displayName: 'Owners', allowedTargetScope: 'allMemberUsers', expiration,
      requestorSettings: { enableTargetsToSelfAddAccess: false }, requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] }, accessPackage: { id: pkg.id },
    });
    return { packageId: pkg.id, policyId: policy.id };
  }
  const adminAdd = (pkg: { packageId: string; policyId: string }, userId: string) =>
    call('POST', `${EM}/assignmentRequests`, { requestType: 'adminAdd', assignment: { accessPackageId: pkg.packageId, assignmentPolicyId: pkg.policyId, targetId: userId } });

  it('when an access package grants Owner_<group>, then adminAdd makes the user an owner (not a member) and adminRemove takes it back', async () => {
    const [group, user] = [await newGroup(), await newUser()];
    const added = await adminAdd(await ownerPackage(group.id, { type: 'noExpiration' }), user.id);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ state: 'submitted', status: 'Accepted' });
    expect((await call('GET', `${EM}/assignmentRequests/${String(added.body['id'])}`)).body).toMatchObject({ state: 'delivered', status: 'Delivered' });
    expect(await ownerIds(group.id)).toEqual([user.id]);
    expect((await call('GET', `groups/${group.id}/members`, undefined, reader)).body.value).toEqual([]);

    const assignmentId = (added.body['assignment'] as { id: string }).id;
    const removal = await call('POST', `${EM}/assignmentRequests`, { requestType: 'adminRemove', assignment: { id: assignmentId } });
    expect(removal.status, JSON.stringify(removal.body)).toBe(201);
    expect((await call('GET', `${EM}/assignmentRequests/${String(removal.body['id'])}`)).body).toMatchObject({ requestType: 'adminRemove', state: 'delivered' });
    expect(await ownerIds(group.id)).toEqual([]);
    expect((await call('GET', `${EM}/assignments/${assignmentId}`)).body).toMatchObject({ state: 'expired' });
  });

  it('when an assignment granting Owner_<group> runs out, then the entitlement timer takes the ownership back', async () => {
    const [group, user] = [await newGroup(), await newUser()];
    const added = await adminAdd(await ownerPackage(group.id, { type: 'afterDuration', duration: 'P30D' }), user.id);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(await ownerIds(group.id)).toEqual([user.id]);
    const assignmentId = (added.body['assignment'] as { id: string }).id;

    // Move the assignment's end and its schedule entry into the past, then run the timer on demand.
    const table = (name: string) => TableClient.fromConnectionString(rt.storage, name, { allowInsecureConnection: true });
    for await (const row of table('AccessPackageAssignments').listEntities<Record<string, unknown>>({ queryOptions: { filter: `id eq '${assignmentId}'` } })) {
      const doc = JSON.parse(String(row['doc'])) as Record<string, unknown>;
      doc['endDateTime'] = new Date(Date.now() - 60_000).toISOString();
      await table('AccessPackageAssignments').updateEntity({ partitionKey: row.partitionKey!, rowKey: row.rowKey!, doc: JSON.stringify(doc) }, 'Merge', { etag: String(row.etag) });
    }
    const schedule = table('EntitlementSchedule');
    for await (const row of schedule.listEntities<Record<string, unknown>>({ queryOptions: { filter: `subjectId eq '${assignmentId}'` } })) {
      if (row['kind'] !== 'assignmentEnd') continue;
      await schedule.deleteEntity(row.partitionKey!, row.rowKey!);
      const dueAt = new Date('2020-01-01T00:00:00Z');
      await schedule.createEntity({ ...row, partitionKey: '2020-01-01', rowKey: `${dueAt.toISOString()}|assignmentEnd|${assignmentId}`, dueAt });
    }
    const run = await fetch(`${rt.url}/admin/functions/processEntitlementSchedule`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
    expect(run.status).toBe(202);
    const deadline = Date.now() + 15_000;
    let state = (await call('GET', `${EM}/assignments/${assignmentId}`)).body['state'];
    while (state !== 'expired' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      state = (await call('GET', `${EM}/assignments/${assignmentId}`)).body['state'];
    }
    expect(state).toBe('expired');
    expect(await ownerIds(group.id)).toEqual([]);
  });
});
