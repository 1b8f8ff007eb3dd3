import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectGraphError, invitationApi, invitationBody, uniqueAddress } from './invitations-support';

describe('Idempotency-Key and concurrent invitations', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof invitationApi>;
  let token: string;
  beforeAll(async () => {
    rt = await startRuntime({ env: { INVITE_RATE_LIMIT_PER_5S: '0' } });
    api = invitationApi(rt);
    token = await rt.token({ roles: ['User.Invite.All'] });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  async function post(path: string, body: unknown, key?: string, bearer = token) {
    const res = await fetch(`${rt.url}/api/v1.0/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
  }

  async function usersWithMail(address: string): Promise<number> {
    const table = TableClient.fromConnectionString(rt.storage, 'Users', { allowInsecureConnection: true });
    let n = 0;
    for await (const row of table.listEntities<Record<string, unknown>>()) if (JSON.stringify(row).toLowerCase().includes(address.toLowerCase())) n++;
    return n;
  }

  it('when an invitation is repeated with the same key, then the first response comes back and no second mail is sent', async () => {
    const body = invitationBody({ sendInvitationMessage: true });
    const key = randomUUID();
    const first = await post('invitations', body, `"${key}"`);
    const again = await post('invitations', body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    await api.mailsTo(String(body['invitedUserEmailAddress']), 1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await api.mailsTo(String(body['invitedUserEmailAddress']), 2, 500)).toHaveLength(1);
  });

  it('when the same key comes with a different body, then 422 and nothing is written', async () => {
    const key = randomUUID();
    expect((await post('invitations', invitationBody(), key)).status).toBe(201);
    const before = await api.rowCounts();
    const other = await post('invitations', invitationBody(), key);
    expectGraphError(other, 422);
    expect(other.body['error']['details'][0]['target']).toBe('Idempotency-Key');
    expect(await api.rowCounts()).toEqual(before);
  });

  it('when another caller repeats the key, then its request runs on its own', async () => {
    const key = randomUUID();
    const body = invitationBody();
    const first = await post('invitations', body, key);
    const otherToken = await rt.token({ roles: ['User.Invite.All'], claims: { azp: randomUUID() } });
    const other = await post('invitations', body, key, otherToken);
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotency-replayed')).toBeNull();
    expect(other.body['inviteRedeemUrl']).not.toBe(first.body['inviteRedeemUrl']);
  });

  it('when a refused request is repeated with its key, then the same error is replayed', async () => {
    const key = randomUUID();
    // Refused by the use case (a body that fails validation never reaches the key).
    const body = invitationBody({ resetRedemption: true });
    const first = await post('invitations', body, key);
    const again = await post('invitations', body, key);
    expectGraphError(first, 400);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(first.body);
  });

  it('when a resend is repeated with the same key, then it is replayed and mails once', async () => {
    const invited = await post('invitations', invitationBody());
    const guestId = String(invited.body['invitedUser']['id']);
    const key = randomUUID();
    const first = await post(`users/${guestId}/invitation/resend`, {}, key);
    const again = await post(`users/${guestId}/invitation/resend`, {}, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body['inviteRedeemUrl']).toBe(first.body['inviteRedeemUrl']);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
  });

  it('when the key is malformed, then 400 names the header', async () => {
    const res = await post('invitations', invitationBody(), 'x'.repeat(256));
    expectGraphError(res, 400);
  });

  it('when two requests with one key arrive together, then one invitation runs and both get its response or a 409 in progress', async () => {
    const key = randomUUID();
    const body = invitationBody();
    const results = await Promise.all([post('invitations', body, key), post('invitations', body, key)]);
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(ok.map((r) => r.body['inviteRedeemUrl'])).size).toBe(1);
    expect(await usersWithMail(String(body['invitedUserEmailAddress']))).toBe(1);
  });

  it('when ten invitations of one address arrive at once without a key, then one guest is created and all get 201 with its id', async () => {
    const address = uniqueAddress();
    const results = await Promise.all(Array.from({ length: 10 }, () => post('invitations', invitationBody({ invitedUserEmailAddress: address }))));
    expect(results.map((r) => r.status), JSON.stringify(results.filter((r) => r.status !== 201).map((r) => r.body))).toEqual(Array(10).fill(201));
    const ids = new Set(results.map((r) => r.body['invitedUser']['id']));
    expect(ids.size).toBe(1);
    expect(await usersWithMail(address)).toBe(1);
    // Every caller got a working link of its own.
    for (const r of results.slice(0, 3)) expect((await api.openLink(String(r.body['inviteRedeemUrl']))).status).toBe(200);
  });
});
