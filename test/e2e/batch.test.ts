import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectGraphError, invitationBody } from './invitations-support';

describe('POST /$batch (Graph JSON batching)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startRuntime({ env: { INVITE_RATE_LIMIT_PER_5S: '0' } });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  async function batch(body: unknown, token?: string) {
    const res = await fetch(`${rt.url}/api/v1.0/$batch`, {
      method: 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const byId = (res: { body: Record<string, any> }) => Object.fromEntries((res.body['responses'] as Array<Record<string, any>>).map((r) => [r['id'], r]));

  it('when a batch mixes endpoints, then each inner request gets its own status, headers and body in request order', async () => {
    const token = await rt.token({ roles: ['User.Invite.All', 'Directory.Read.All'] });
    const invitation = invitationBody();
    const res = await batch(
      {
        requests: [
          { id: '1', method: 'POST', url: '/invitations', headers: { 'content-type': 'application/json' }, body: invitation },
          { id: '2', method: 'GET', url: '/organization', dependsOn: ['1'] },
          { id: '3', method: 'GET', url: '/nothing/here' },
          { id: '4', method: 'GET', url: `/users/${randomUUID()}` },
          { id: '5', method: 'GET', url: '/users?$top=1', dependsOn: ['4'] },
          { id: '6', method: 'post', url: 'invitations', body: { invitedUserEmailAddress: 'not-an-address' } },
        ],
      },
      token,
    );
    expect(res.status).toBe(200);
    expect(res.body['responses'].map((r: Record<string, any>) => r['id'])).toEqual(['1', '2', '3', '4', '5', '6']);
    const r = byId(res);
    expect(r['1']['status']).toBe(201);
    expect(r['1']['body']['invitedUserEmailAddress']).toBe(invitation['invitedUserEmailAddress']);
    expect(r['1']['headers']['Content-Type']).toContain('application/json');
    expect(r['2']['status']).toBe(200);
    expect(Array.isArray(r['2']['body']['value'])).toBe(true);
    expect(r['3']['status']).toBe(404);
    expect(r['4']['status']).toBe(404);
    expect(r['5']['status']).toBe(424);
    expect(r['5']['body']['error']['code']).toBe('FailedDependency');
    expect(r['6']['status']).toBe(400);
    expect(r['6']['body']['error']['message']).toContain('inviteRedirectUrl');
  });

  it("when an inner request needs a permission the caller lacks, then only that request gets 403", async () => {
    const token = await rt.token({ roles: ['User.Invite.All'] });
    const res = await batch({ requests: [{ id: 'a', method: 'POST', url: '/invitations', body: invitationBody() }, { id: 'b', method: 'GET', url: '/users' }] }, token);
    const r = byId(res);
    expect(r['a']['status']).toBe(201);
    expect(r['b']['status']).toBe(403);
  });

  it('when the batch is invalid (21 requests, duplicate ids, unknown dependsOn, cycle), then 400 for the whole batch', async () => {
    const token = await rt.token({ roles: ['Directory.Read.All'] });
    const get = (id: string, dependsOn?: string[]) => ({ id, method: 'GET', url: '/organization', ...(dependsOn ? { dependsOn } : {}) });
    expectGraphError(await batch({ requests: Array.from({ length: 21 }, (_, i) => get(String(i))) }, token), 400);
    expectGraphError(await batch({ requests: [get('1'), get('1')] }, token), 400);
    expectGraphError(await batch({ requests: [get('1', ['7'])] }, token), 400);
    expectGraphError(await batch({ requests: [get('1', ['2']), get('2', ['1'])] }, token), 400);
  });

  it('when an inner request is itself a batch or an absolute URL, then that request gets 400', async () => {
    const token = await rt.token({ roles: ['Directory.Read.All'] });
    const res = await batch(
      { requests: [{ id: '1', method: 'POST', url: '/$batch', body: { requests: [] } }, { id: '2', method: 'GET', url: 'https://graph.microsoft.com/v1.0/organization' }] },
      token,
    );
    expect(res.body['responses'].map((r: Record<string, any>) => r['status'])).toEqual([400, 400]);
  });

  it('when the caller has no token, then the batch is 401 and nothing runs', async () => {
    expectGraphError(await batch({ requests: [{ id: '1', method: 'POST', url: '/invitations', body: invitationBody() }] }), 401);
  });
});
