import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi, invitationBody } from './invitations-support';

/**
 * Issue 14's input and protocol defects, each over HTTP against the local runtime: text with
 * control, bidirectional or unpaired-surrogate characters; unknown properties on PATCH; answers
 * that strict JSON parsers reject; oversized headers; HEAD.
 */
let rt: TestRuntime;
let api: ReturnType<typeof invitationApi>;
let admin: string;
const EM = 'identityGovernance/entitlementManagement';

beforeAll(async () => {
  rt = await startRuntime();
  api = invitationApi(rt);
  admin = await rt.token({
    roles: ['User.Invite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'Application.ReadWrite.All', 'EntitlementManagement.ReadWrite.All', 'Organization.ReadWrite.All', 'Policy.ReadWrite.Authorization'],
  });
}, 60_000);

afterAll(async () => {
  await rt?.stop();
});

const targets = (body: Record<string, any>) => ((body?.['error']?.['details'] ?? []) as { target: string }[]).map((d) => d.target);

async function created(path: string, body: unknown): Promise<Record<string, any>> {
  const res = await api.call('POST', path, admin, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('clean text', () => {
  it.each([
    ['NUL', 'Anna\u0000Admin'],
    ['a right-to-left override', 'Anna \u202eexe.fdp'],
    ['a first-strong isolate', 'Anna\u2068 Admin'],
    ['a lone surrogate', 'Anna \ud800'],
    ['a line break', 'Anna\nAdmin'],
  ])('when invitedUserDisplayName holds %s, then 400 names it and nothing is written', async (_what, name) => {
    const before = await api.rowCounts();
    const res = await api.call('POST', 'invitations', admin, invitationBody({ invitedUserDisplayName: name }));
    expect(res.status).toBe(400);
    expect(res.body['error']['code']).toBe('Request_BadRequest');
    expect(targets(res.body)).toEqual(['invitedUserDisplayName']);
    expect(await api.rowCounts()).toEqual(before);
  });

  it('when a PATCH of a user carries a bidirectional override, then 400 names displayName; a multi-line invitation message is fine', async () => {
    const invited = await created('invitations', invitationBody({ invitedUserMessageInfo: { customizedMessageBody: 'Hello,\r\n\r\nwelcome aboard.' } }));
    const patch = await api.call('PATCH', `users/${invited['id']}`, admin, { displayName: 'Mallory\u202e' });
    expect([patch.status, targets(patch.body)]).toEqual([400, ['displayName']]);
    expect((await api.call('GET', `users/${invited['id']}`, admin)).body['displayName']).not.toContain('\u202e');
  });

  it('when a stored value holds a lone surrogate (written before these rules), then the answer is still valid UTF-8 JSON', async () => {
    const invited = await created('invitations', invitationBody());
    const users = TableClient.fromConnectionString(rt.storage, 'Users', { allowInsecureConnection: true });
    await users.updateEntity({ partitionKey: invited['id'], rowKey: 'user', displayName: 'Broken \ud800 name' }, 'Merge');
    // Lists read the list index, which follows each change made through the API: make one.
    expect((await api.call('PATCH', `users/${invited['id']}`, admin, { jobTitle: 'Tester' })).status).toBe(204);
    for (const path of [`users/${invited['id']}`, `users?$filter=id eq '${invited['id']}'`]) {
      const res = await fetch(`${rt.url}/api/v1.0/${path}`, { headers: { authorization: `Bearer ${admin}` } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      expect(text).not.toMatch(/\\ud[89ab][0-9a-f]{2}/i);
      expect(text).toContain('Broken \ufffd name');
    }
  });
});

describe('unknown properties', () => {
  it('when any PATCH route gets a property it does not know, then 400 names it and nothing changes', async () => {
    const group = await created('groups', { displayName: 'Hygiene', mailNickname: `h${randomUUID().slice(0, 6)}`, securityEnabled: true, mailEnabled: false });
    const app = await created('servicePrincipals', { displayName: 'Hygiene app' });
    const catalog = await created(`${EM}/catalogs`, { displayName: `Hygiene ${randomUUID().slice(0, 6)}` });
    const pkg = await created(`${EM}/accessPackages`, { displayName: 'Hygiene package', catalog: { id: catalog['id'] } });
    const org = await created(`${EM}/connectedOrganizations`, {
      displayName: 'Hygiene partner',
      identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: `h${randomUUID().slice(0, 6)}.example`, displayName: 'Hygiene' }],
    });
    const user = await created('invitations', invitationBody());
    const organizationId = (await api.call('GET', 'organization', admin)).body['value'][0]['id'];
    const routes: [string, Record<string, unknown>][] = [
      [`groups/${group['id']}`, { displayName: 'Renamed' }],
      [`servicePrincipals/${app['id']}`, { displayName: 'Renamed' }],
      [`${EM}/catalogs/${catalog['id']}`, { displayName: 'Renamed' }],
      [`${EM}/accessPackages/${pkg['id']}`, { displayName: 'Renamed' }],
      [`${EM}/connectedOrganizations/${org['id']}`, { displayName: 'Renamed' }],
      [`${EM}/settings`, { durationUntilExternalUserDeletedAfterBlocked: 'P10D' }],
      [`users/${user['id']}`, { jobTitle: 'Renamed' }],
      [`organization/${organizationId}`, { preferredLanguage: 'nl-NL' }],
      ['policies/authorizationPolicy', { allowInvitesFrom: 'everyone' }],
      ['policies/invitationDomainPolicy', { blockedDomains: [] }],
    ];
    // A path with no GET (organization/{id}) answers 405 with a fresh request-id each time: compare its status only.
    const read = async (path: string) => {
      const res = await api.call('GET', path, admin);
      return res.status === 200 ? res.body : res.status;
    };
    for (const [path, valid] of routes) {
      const before = await read(path);
      const res = await api.call('PATCH', path, admin, { ...valid, unknownProperty: 'x' });
      expect([path, res.status, targets(res.body)]).toEqual([path, 400, ['unknownProperty']]);
      expect(await read(path), path).toEqual(before);
    }
  }, 60_000);

  it('when an action that takes no body gets JSON properties, then 400 names them; no body or {} still works', async () => {
    const invited = await created('invitations', invitationBody());
    const refused = await api.call('POST', `users/${invited['id']}/invitation/resend`, admin, { inviteRedirectUrl: 'https://evil.example/' });
    expect([refused.status, targets(refused.body)]).toEqual([400, ['inviteRedirectUrl']]);
    expect((await api.call('POST', `users/${invited['id']}/invitation/resend`, admin)).status).toBe(202);
    expect((await api.call('POST', `users/${invited['id']}/invitation/resend`, admin, {})).status).toBe(202);
  });

  it("when a documented body carries Graph's @odata.type annotation, then it is still accepted", async () => {
    const group = await created('groups', { '@odata.type': '#microsoft.graph.group', displayName: 'Annotated', mailNickname: `a${randomUUID().slice(0, 6)}`, securityEnabled: true, mailEnabled: false });
    expect(group['displayName']).toBe('Annotated');
  });
});

describe('protocol', () => {
  it('when the headers are larger than the limit, then 431 with Graph error JSON instead of a bare status line', async () => {
    const { status, type, body } = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const url = new URL(`${rt.url}/api/health`);
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { 'x-big': 'x'.repeat(40_000) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
    expect(type).toMatch(/application\/json/);
    const error = (JSON.parse(body) as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
    expect(error.code).toBe('RequestHeaderFieldsTooLarge');
    expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when HEAD is sent wherever GET answers (pages and API), then the same status and headers come back without a body', async () => {
    const created = await api.call('POST', 'invitations', admin, invitationBody());
    const paths = ['/api/health', '/api/openapi.json', '/api/myaccess/requests', `/api/redeem?ticket=${encodeURIComponent(new URL(created.body['inviteRedeemUrl']).searchParams.get('ticket')!)}`, '/api/redeem?ticket=nope'];
    for (const path of paths) {
      const get = await fetch(`${rt.url}${path}`, { redirect: 'manual' });
      await get.arrayBuffer();
      const head = await fetch(`${rt.url}${path}`, { method: 'HEAD', redirect: 'manual' });
      expect([path, head.status]).toEqual([path, get.status]);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    }
    const api200 = await fetch(`${rt.url}/api/v1.0/organization`, { method: 'HEAD', headers: { authorization: `Bearer ${admin}` } });
    expect(api200.status).toBe(200);
    expect((await fetch(`${rt.url}/api/v1.0/organization`, { method: 'HEAD' })).status).toBe(401);
  });
});
