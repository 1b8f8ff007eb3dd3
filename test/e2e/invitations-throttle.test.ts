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
    const start = await api.rowCounts();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.call('POST', 'invitations', token, invitationBody())).status);
    expect(statuses).toEqual([201, 201, 201]);
    const before = await api.rowCounts();
    // What one admitted invitation writes, per table (measured, not assumed).
    const perInvitation = Object.fromEntries(Object.entries(before).map(([table, n]) => [table, (n - (start[table] ?? 0)) / 3]));

    // The bucket refills 3 tokens per 5 s, so a slow machine may have earned some back while the
    // first three ran; a burst of 4 sent at once can still get at most 3 (the bucket's size).
    const burst = await Promise.all([0, 1, 2, 3].map(() => api.call('POST', 'invitations', token, invitationBody())));
    const refused = burst.filter((r) => r.status !== 201);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expectGraphError(r, 429);
      expect(r.body['error']['code']).toBe('TooManyRequests');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const admitted = burst.length - refused.length;
    const expected = Object.fromEntries(Object.entries(before).map(([table, n]) => [table, n + admitted * (perInvitation[table] ?? 0)]));
    expect(await api.rowCounts()).toEqual(expected);
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
