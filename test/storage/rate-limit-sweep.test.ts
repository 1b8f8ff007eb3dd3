import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { burstLimit } from '../../src/domain/token-bucket';
import { createTableRateLimiter } from '../../src/storage/rate-limiter';
import { RATE_LIMIT_IDLE_MS, sweepRateLimits } from '../../src/storage/rate-limit-sweep';

const limits = [burstLimit('resend', 5, 10 * 3600)];

describe('sweep of rate-limit rows', () => {
  it('when a key has been idle for a day, then its row is deleted, a recently used one is kept, and the limit still holds afterwards', async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `rls${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
    await table.createTable();
    const limiter = createTableRateLimiter(table);
    // The limiter's clock is a parameter: "idle" last took tokens two days ago, "busy" takes them at a later time.
    const longAgo = new Date(Date.now() - 2 * RATE_LIMIT_IDLE_MS);
    const busyAt = new Date(Date.now() + 3 * RATE_LIMIT_IDLE_MS);
    for (let i = 0; i < 5; i++) expect((await limiter.take('guest|idle', limits, longAgo)).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect((await limiter.take('guest|busy', limits, busyAt)).ok).toBe(true);
    expect((await limiter.take('guest|busy', limits, busyAt)).ok).toBe(false);

    // Right now both rows were just written (their Timestamp): nothing to sweep.
    expect(await sweepRateLimits(table, new Date())).toEqual({ deleted: 0, kept: 0 });
    // Two days on, "idle" has not been touched for a day; "busy" last took a token after that.
    expect(await sweepRateLimits(table, new Date(Date.now() + 2 * RATE_LIMIT_IDLE_MS))).toEqual({ deleted: 1, kept: 1 });
    const left: string[] = [];
    for await (const row of table.listEntities()) left.push(String(row.partitionKey));
    expect(left).toEqual(['guest|busy']);
    // The busy key is still at its limit.
    expect((await limiter.take('guest|busy', limits, busyAt)).ok).toBe(false);
    // A swept key starts again from a full bucket, which is what it had refilled to.
    expect((await limiter.take('guest|idle', limits, new Date())).ok).toBe(true);
  });
});
