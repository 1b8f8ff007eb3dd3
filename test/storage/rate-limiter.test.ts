import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { burstLimit } from '../../src/domain/token-bucket';
import { createTableRateLimiter } from '../../src/storage/rate-limiter';

describe('rate limiter on Table Storage', () => {
  it('when many callers race for one bucket, then no more than its capacity is granted and refusals carry a wait', async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `rl${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
    await table.createTable();
    // Separate limiter instances stand for separate function instances sharing the table.
    const instances = Array.from({ length: 4 }, () => createTableRateLimiter(table));
    const now = new Date('2026-01-01T00:00:00Z');
    const limits = [burstLimit('burst', 10, 5)];
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => instances[i % 4]!.take('invites', limits, now)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(10);
    const refused = outcomes.filter((o): o is { ok: false; retryAfterMs: number } => !o.ok);
    expect(refused).toHaveLength(20);
    expect(refused.every((o) => o.retryAfterMs === 500)).toBe(true);
    expect((await instances[0]!.take('invites', limits, new Date(now.getTime() + 500))).ok).toBe(true);
    expect((await instances[0]!.take('other-key', limits, now)).ok).toBe(true);
  });

  it('when instances take blocks of tokens, then each block is at most a quarter of what the row holds and all blocks together never exceed its capacity', async () => {
    const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `rl${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
    await table.createTable();
    const instances = Array.from({ length: 3 }, () => createTableRateLimiter(table, { remember: true }));
    const now = new Date('2026-01-01T00:00:00Z');
    const limits = [burstLimit('burst', 40, 5)];
    const first = await instances[0]!.take('invites', limits, now, 10);
    expect(first).toEqual({ ok: true, granted: 10 });
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => instances[i % 3]!.take('invites', limits, now, 10)));
    const granted = outcomes.reduce((sum, o) => sum + (o.ok ? (o.granted ?? 0) : 0), 10);
    expect(granted).toBe(40);
    expect(outcomes.every((o) => !o.ok || (o.granted ?? 0) <= 10)).toBe(true);
    expect(outcomes.some((o) => !o.ok)).toBe(true);
  });
});
