import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectGraphError, invitationApi, invitationBody } from './invitations-support';

describe('invitation throttling (INVITE_RATE_LIMIT_PER_5S)', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof invitationApi>;
  beforeAll(async () => {
    rt = await startRuntime({ env: { INVITE_RATE_LIMIT_PER_5S: '3' } });
    api = invitationApi(rt);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when the tenant sends more invitation requests than the limit within 5 s, then the excess gets 429 with Retry-After and writes nothing', async () => {
    const token = await rt.token({ roles: ['User.Invite.All'] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.call('POST', 'invitations', token, invitationBody())).status);
    expect(statuses).toEqual([201, 201, 201]);
    const before = await api.rowCounts();
    const refused = await api.call('POST', 'invitations', token, invitationBody());
    expectGraphError(refused, 429);
    expect(refused.body['error']['code']).toBe('TooManyRequests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await api.rowCounts()).toEqual(before);
  });
});

describe('invitation throttling turned off', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startRuntime({ env: { INVITE_RATE_LIMIT_PER_5S: '0' } });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when the limit is 0, then a burst is not throttled', async () => {
    const api = invitationApi(rt);
    const token = await rt.token({ roles: ['User.Invite.All'] });
    const statuses = await Promise.all(Array.from({ length: 8 }, async () => (await api.call('POST', 'invitations', token, invitationBody())).status));
    expect(statuses.every((s) => s === 201)).toBe(true);
  });
});
