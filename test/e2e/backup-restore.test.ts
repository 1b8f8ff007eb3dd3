import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import { TABLES } from '../../src/storage/names';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi, invitationBody, uniqueAddress } from './invitations-support';
import { decideAs, redeemAs } from './redeem-support';

const EM = 'identityGovernance/entitlementManagement';
const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

/** Every row of every table, typed exactly as stored (Timestamp and ETag aside), by table and key. */
async function snapshot(connectionString: string): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of TABLES) {
    const rows: Record<string, unknown> = {};
    const client = TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
    try {
      for await (const e of client.listEntities<Record<string, unknown>>({ disableTypeConversion: true })) {
        const { etag: _etag, timestamp: _timestamp, ...rest } = e;
        rows[`${String(e.partitionKey)}|${String(e.rowKey)}`] = rest;
      }
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    out[name] = rows;
  }
  return out;
}
const rowCount = (snap: Record<string, Record<string, unknown>>) => Object.values(snap).reduce((n, rows) => n + Object.keys(rows).length, 0);

describe('table exports and npm run restore', () => {
  let rt: TestRuntime;
  let call: GraphCall;
  const targets: RunningAzurite[] = [];

  const created = async (p: string, body: unknown) => {
    const res = await call('POST', p, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json & { id: string };
  };
  const exportNow = async () => expect((await fetch(`${rt.url}/admin/functions/exportTables`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' })).status).toBe(202);
  const container = () => BlobServiceClient.fromConnectionString(rt.storage).getContainerClient('gatehouse-backups');
  async function manifests(): Promise<Array<{ id: string; kind: string }>> {
    const out: Array<{ id: string; kind: string }> = [];
    for await (const blob of container().listBlobsFlat()) {
      if (blob.name.endsWith('/manifest.json')) out.push(JSON.parse((await container().getBlockBlobClient(blob.name).downloadToBuffer()).toString()) as { id: string; kind: string });
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }
  async function waitForExports(count: number) {
    await expect.poll(async () => (await manifests()).length, { timeout: 30_000, interval: 300 }).toBe(count);
    return manifests();
  }
  const restore = (args: string[]) => run(process.execPath, [path.join(ROOT, 'dist', 'tools', 'restore.js'), '--source', rt.storage, ...args], { cwd: ROOT });
  const freshAzurite = async () => {
    const azurite = await startAzurite();
    targets.push(azurite);
    return azurite;
  };

  beforeAll(async () => {
    rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '600', EMAIL_RATE_PER_HOUR: '36000' } });
    call = graphCaller(rt, await rt.token({ roles: ['User.Invite.All', 'EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'GroupMember.ReadWrite.All'] }));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(targets.map((t) => t.stop()));
    await rt?.stop();
  });

  it('when a directory is exported (full, then incremental after changes and deletions) and restored into fresh storage, then every row of every table is equal', async () => {
    const api = invitationApi(rt);
    const inviter = await rt.token({ roles: ['User.Invite.All'] });
    // A directory: members, guests (one redeemed), groups with members, an access package with a delivered assignment.
    const members: string[] = [];
    for (let i = 0; i < 3; i++) {
      const nick = `m${i}${randomUUID().slice(0, 6)}`;
      members.push((await created('users', { accountEnabled: true, displayName: `Member ${i}`, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com` })).id);
    }
    const guests: string[] = [];
    for (let i = 0; i < 4; i++) {
      const address = uniqueAddress();
      const res = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: true }));
      expect(res.status).toBe(201);
      guests.push(res.body['invitedUser']['id']);
      if (i === 0) {
        const { visitor } = await redeemAs(rt, res.body['inviteRedeemUrl'], address);
        expect((await decideAs(visitor, 'accept')).status).toBe(303);
      }
    }
    const groups: string[] = [];
    for (let i = 0; i < 2; i++) {
      const group = await created('groups', { displayName: `Team ${i}`, mailNickname: `team${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false });
      groups.push(group.id);
      for (const member of [members[i]!, guests[i]!]) {
        expect((await call('POST', `groups/${group.id}/members/$ref`, { '@odata.id': `${rt.url}/api/v1.0/directoryObjects/${member}` })).status).toBe(204);
      }
    }
    const catalog = await created(`${EM}/catalogs`, { displayName: `Catalog ${randomUUID().slice(0, 6)}`, state: 'published', isExternallyVisible: true });
    const resource = await created(`${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: groups[0], originSystem: 'AadGroup' }, catalog: { id: catalog.id } });
    const pkg = await created(`${EM}/accessPackages`, { displayName: 'Partners', catalog: { id: catalog.id } });
    await created(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, {
      role: { originId: `Member_${groups[0]}`, originSystem: 'AadGroup', resource: { id: (resource['resource'] as { id: string }).id } },
      scope: { originId: 'Root', originSystem: 'AadGroup' },
    });
    const policy = await created(`${EM}/assignmentPolicies`, {
      displayName: 'External', allowedTargetScope: 'allExternalUsers', expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: false }, requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] }, accessPackage: { id: pkg.id },
    });
    await created(`${EM}/assignmentRequests`, { requestType: 'adminAdd', assignment: { accessPackageId: pkg.id, assignmentPolicyId: policy.id, target: { '@odata.type': '#microsoft.graph.accessPackageSubject', email: `kim@partner${randomUUID().slice(0, 6)}.test`, displayName: 'Kim' } } });
    await new Promise((r) => setTimeout(r, 2_000));

    await exportNow();
    const [first] = await waitForExports(1);
    expect(first).toMatchObject({ kind: 'full' });
    const atFirst = await snapshot(rt.storage);
    expect(rowCount(atFirst)).toBeGreaterThan(50);
    for (const name of ['Users', 'Groups', 'GroupMemberships', 'Invitations', 'AccessPackages', 'AccessPackageAssignments']) expect(Object.keys(atFirst[name]!).length, name).toBeGreaterThan(0);

    // Changes after the full export: an update, a new invitation, a removed member, a deleted group and user.
    expect((await call('PATCH', `users/${members[2]}`, { displayName: 'Renamed member' })).status).toBe(204);
    expect((await api.call('POST', 'invitations', inviter, invitationBody())).status).toBe(201);
    expect((await call('DELETE', `groups/${groups[0]}/members/${members[0]}/$ref`)).status).toBe(204);
    expect((await call('DELETE', `groups/${groups[1]}`)).status).toBe(204);
    expect((await call('DELETE', `users/${members[1]}`)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 2_000));

    await exportNow();
    const [, second] = await waitForExports(2);
    expect(second).toMatchObject({ kind: 'incremental', fullId: first!.id, previousId: first!.id });
    const atSecond = await snapshot(rt.storage);
    expect(atSecond).not.toEqual(atFirst);

    const listed = (await restore(['--list'])).stdout.trim().split('\n');
    expect(listed).toEqual([expect.stringMatching(new RegExp(`^${first!.id}\\s+full `)), expect.stringMatching(new RegExp(`^${second!.id}\\s+incremental .* since `))]);

    const latest = await freshAzurite();
    const restored = await restore(['--to', latest.connectionString]);
    expect(JSON.parse(restored.stdout.trim().split('\n').at(-1)!)).toMatchObject({ event: 'restored', exportId: second!.id, chain: [first!.id, second!.id] });
    expect(await snapshot(latest.connectionString)).toEqual(atSecond);

    // An earlier point: the full export alone.
    const earlier = await freshAzurite();
    await restore(['--to', earlier.connectionString, '--from', first!.id]);
    expect(await snapshot(earlier.connectionString)).toEqual(atFirst);

    // A non-empty target is refused without --force; with it, the target ends equal to the export.
    const refused = await restore(['--to', earlier.connectionString]).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/not empty/);
    await restore(['--to', earlier.connectionString, '--force']);
    expect(await snapshot(earlier.connectionString)).toEqual(atSecond);
  }, 180_000);
});
