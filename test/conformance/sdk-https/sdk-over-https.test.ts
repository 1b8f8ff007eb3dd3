import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { ADMIN_ROLES, DOMAIN } from '../directory/users-fixture';
import { resultOf, runSdkScript } from './run-script';
import type { GraphJsResult, KiotaResult, ScriptInput } from './script-io';

const tag = () => `s${randomUUID().replaceAll('-', '').slice(0, 8)}`;

/** GET over https trusting `ca` (or the default roots when none): status and body, or the TLS error's code. */
function httpsGet(url: string, ca?: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const request = get(url, ca ? { ca } : {}, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

describe('the real Graph SDKs against the runtime over local https (unmodified, NODE_EXTRA_CA_CERTS trust)', () => {
  let rt: TestRuntime;
  let token: string;
  const input = (): ScriptInput => ({ base: `${rt.httpsUrl}/api`, token, tag: tag(), domain: DOMAIN });
  /** A plain-http read of the same runtime, to check what the SDKs did from outside them. */
  const read = async (path: string) => {
    const res = await fetch(`${rt.url}/api/v1.0${path}`, { headers: { authorization: `Bearer ${token}`, ConsistencyLevel: 'eventual' } });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { value: { id: string; displayName?: string }[] } & Record<string, unknown>;
  };

  beforeAll(async () => {
    rt = await startRuntime();
    token = await rt.token({ roles: ADMIN_ROLES });
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('serves the API over https with a server certificate for localhost, 127.0.0.1 and ::1 signed by its own CA', async () => {
    expect(rt.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(rt.caCert, 'utf8');
    expect(new X509Certificate(ca).ca).toBe(true);
    const health = await httpsGet(`${rt.httpsUrl}/api/health`, ca);
    expect(health).toMatchObject({ status: 200 });
    expect(JSON.parse((health as { body: string }).body)).toMatchObject({ status: 'ok' });
    expect(await httpsGet(`${rt.httpsUrl}/api/health`)).toEqual({ error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // The same routes as over http, and links built from the https request.
    const page = await new Promise<Record<string, unknown>>((resolve, reject) => {
      get(`${rt.httpsUrl}/api/v1.0/users?$top=1`, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>));
      }).on('error', reject);
    });
    expect(String(page['@odata.nextLink'])).toMatch(new RegExp(`^${rt.httpsUrl.replaceAll('.', '\\.')}/api/v1\\.0/users\\?`));
  });

  it('Graph JS SDK v3 (Client.init + customHosts): users one by one, a $batch with dependsOn, PageIterator over pages, a group and its members', async () => {
    const run = input();
    const result = resultOf<GraphJsResult>(await runSdkScript('graph-js-sdk.script.mts', run, rt.caCert));

    // Every request went to the https host and carried the token the SDK's own auth handler attached.
    expect(result.requests.length).toBeGreaterThan(8);
    expect(result.requests.every((r) => r.url.startsWith(`${rt.httpsUrl}/api/v1.0/`) && r.authorized)).toBe(true);

    // The batch: inner URLs as BatchRequestContent writes them (with the base path), run in order.
    expect(result.batch.steps).toEqual([
      { id: '1', url: '/api/v1.0/users', dependsOn: [] },
      { id: '2', url: '/api/v1.0/users', dependsOn: ['1'] },
      { id: '3', url: '/api/v1.0/groups', dependsOn: ['2'] },
    ]);
    expect(result.batch.statuses).toEqual({ '1': 201, '2': 201, '3': 201 });
    const everyone = [...result.createdIds, ...result.batch.userIds];
    expect(new Set(everyone).size).toBe(7);

    // PageIterator: seven tagged users, two to a page, so four pages; the three nextLinks are https.
    expect(result.paged.ids.sort()).toEqual([...everyone].sort());
    expect(result.paged.names.sort()).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `${run.tag} User ${n}`));
    const userPages = result.requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname === '/api/v1.0/users');
    expect(userPages).toHaveLength(4);
    expect(userPages.slice(1).every((r) => new URL(r.url).searchParams.has('$skiptoken'))).toBe(true);

    // The second batch added all seven (204 each); the members came back over pages of two.
    expect(Object.values(result.members.addStatuses)).toEqual(Array(7).fill(204));
    expect(result.members.ids.sort()).toEqual([...everyone].sort());
    expect(new Set(result.members.types)).toEqual(new Set(['#microsoft.graph.user']));
    expect(result.requests.filter((r) => r.method === 'GET' && r.url.includes(`/groups/${result.batch.groupId}/members`)).length).toBe(4);

    // Seen from outside the SDK, over plain http.
    const group = (await read(`/groups/${result.batch.groupId}`)) as unknown as { displayName: string; securityEnabled: boolean };
    expect(group).toMatchObject({ displayName: `${run.tag} Group`, securityEnabled: true });
    const members = await read(`/groups/${result.batch.groupId}/members?$top=50`);
    expect(members.value.map((m) => m.id).sort()).toEqual([...everyone].sort());
  }, 120_000);

  it('Kiota @microsoft/msgraph-sdk (bearer provider, AllowedHostsValidator): users list/get/create/$count, a group, members/$ref, an invitation, ODataError', async () => {
    const run = input();
    const result = resultOf<KiotaResult>(await runSdkScript('kiota-sdk.script.mts', run, rt.caCert));

    expect(result.requests.length).toBeGreaterThan(8);
    expect(result.requests.every((r) => r.url.startsWith(`${rt.httpsUrl}/api/v1.0/`) && r.authorized)).toBe(true);

    expect(new Set(result.createdIds).size).toBe(3);
    expect(result.firstPage).toEqual({ count: 3, size: 2, hasNextLink: true });
    expect(result.paged.ids.sort()).toEqual([...result.createdIds].sort());
    expect(result.paged.names.sort()).toEqual([1, 2, 3].map((n) => `${run.tag} Kiota ${n}`));
    expect(result.countEndpoint).toBe(3);
    expect(result.got).toEqual({ id: result.createdIds[0], displayName: `${run.tag} Kiota 1`, userPrincipalName: `${run.tag}k1@${DOMAIN}`, mail: `${run.tag}k1@${DOMAIN}` });

    expect(result.group).toMatchObject({ displayName: `${run.tag} Kiota group`, securityEnabled: true, mailEnabled: false });
    expect(result.members.map((m) => m.id).sort()).toEqual([...result.createdIds].sort());
    expect(result.members.every((m) => m.type === '#microsoft.graph.user' && m.userPrincipalName?.startsWith(`${run.tag}k`))).toBe(true);

    expect(result.invitation).toMatchObject({ status: 'PendingAcceptance', invitedUserType: 'Guest', invitedUserEmailAddress: `${run.tag}.guest@contoso.com` });
    expect(result.invitation.invitedUserId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.invitation.redeemUrl).toMatch(/^https?:\/\//);
    const guest = (await read(`/users/${result.invitation.invitedUserId}`)) as unknown as { userType: string; externalUserState: string };
    expect(guest).toMatchObject({ userType: 'Guest', externalUserState: 'PendingAcceptance' });

    expect(result.notFound).toEqual({ responseStatusCode: 404, code: 'Request_ResourceNotFound', hasRequestId: true });
  }, 120_000);

  it('without NODE_EXTRA_CA_CERTS the same SDK script refuses the certificate and sends nothing', async () => {
    const run = await runSdkScript('kiota-sdk.script.mts', input(), undefined);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify the first certificate/);
  }, 120_000);
});
