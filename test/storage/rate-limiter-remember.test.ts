import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { burstLimit } from '../../src/domain/token-bucket';
import { createTableRateLimiter } from '../../src/storage/rate-limiter';

/** A client on a fresh table that counts the requests it sends, by method. */
async function countingTable(): Promise<{ table: TableClient; requests: string[] }> {
  const requests: string[] = [];
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `rlr${randomUUID().replace(/-/g, '')}`, {
    allowInsecureConnection: true,
    additionalPolicies: [{ position: 'perCall', policy: { name: 'count', sendRequest: (request, next) => (requests.push(request.method), next(request)) } }],
  });
  await table.createTable();
  requests.length = 0;
  return { table, requests };
}

describe('rate limiter that remembers its rows (the tenant invitation throttle)', () => {
  it('when one worker takes tokens one after another, then each take after the first is a single conditional write', async () => {
    const { table, requests } = await countingTable();
    const limiter = createTableRateLimiter(table, { remember: true });
    const limits = [burstLimit('burst', 100, 5)];
    const now = new Date('2026-01-01T00:00:00Z');
    await limiter.take('tenant', limits, now);
    expect(requests).toEqual(['GET', 'POST']);
    requests.length = 0;
    for (let i = 0; i < 5; i++) expect((await limiter.take('tenant', limits, now)).ok).toBe(true);
    expect(requests).toEqual(['PUT', 'PUT', 'PUT', 'PUT', 'PUT']);
  });

  it('when requests of one worker arrive together, then they take turns instead of racing for the ETag', async () => {
    const { table, requests } = await countingTable();
    const limiter = createTableRateLimiter(table, { remember: true });
    const limits = [burstLimit('burst', 100, 5)];
    const now = new Date('2026-01-01T00:00:00Z');
    await limiter.take('tenant', limits, now);
    requests.length = 0;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => limiter.take('tenant', limits, now)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(requests.filter((m) => m === 'GET')).toHaveLength(0);
    expect(requests).toHaveLength(20);
  });

  it('when several remembering instances race for one bucket, then no more than its capacity is granted and refusals carry the true wait', async () => {
    const { table } = await countingTable();
    const instances = Array.from({ length: 4 }, () => createTableRateLimiter(table, { remember: true }));
    const now = new Date('2026-01-01T00:00:00Z');
    const limits = [burstLimit('burst', 10, 5)];
    // Every instance has seen the row once, so each later take starts from a remembered (soon stale) copy.
    for (const instance of instances) expect((await instance.take('invites', limits, now)).ok).toBe(true);
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => instances[i % 4]!.take('invites', limits, now)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(6);
    const refused = outcomes.filter((o): o is { ok: false; retryAfterMs: number } => !o.ok);
    expect(refused.every((o) => o.retryAfterMs === 500)).toBe(true);
    // A token refilled after another instance emptied the bucket is granted from a fresh read.
    expect((await instances[0]!.take('invites', limits, new Date(now.getTime() + 500))).ok).toBe(true);
    expect((await instances[1]!.take('invites', limits, new Date(now.getTime() + 500))).ok).toBe(false);
  });
});
