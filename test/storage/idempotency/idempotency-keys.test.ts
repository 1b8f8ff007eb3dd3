import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runIdempotently, sweepIdempotencyKeys, type IdempotencyDeps, type KeptResponse } from '../../../src/domain/idempotency/idempotency';
import { createTableIdempotencyStore } from '../../../src/storage/idempotency-keys';

const SECRET_URL = 'https://gatehouse.example/api/redeem?ticket=very-secret-ticket-value';

describe('idempotency keys on Table Storage', () => {
  let table: TableClient;
  let deps: IdempotencyDeps;
  let clock: Date;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `idem${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
    await table.createTable();
    const key = randomBytes(32);
    clock = new Date('2026-01-01T10:00:00Z');
    deps = { store: createTableIdempotencyStore(table, async () => key), now: () => clock, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), waitMs: 300 };
  });

  const created = (body: unknown = { inviteRedeemUrl: SECRET_URL }): KeptResponse => ({ status: 201, headers: { 'content-type': 'application/json' }, body });
  const request = (key: string, fingerprint = 'fp-1') => ({ scope: 'user:abc', key, fingerprint });

  it('when the same key and request come again, then the first response is replayed and the work ran once', async () => {
    let runs = 0;
    const run = async () => created({ n: ++runs, inviteRedeemUrl: SECRET_URL });
    const first = await runIdempotently(deps, request('k-replay'), run);
    const second = await runIdempotently(deps, request('k-replay'), run);
    expect(first).toEqual({ kind: 'fresh', response: created({ n: 1, inviteRedeemUrl: SECRET_URL }) });
    expect(second).toEqual({ kind: 'replayed', response: created({ n: 1, inviteRedeemUrl: SECRET_URL }) });
    expect(runs).toBe(1);
  });

  it('when the kept response carries a redeem URL, then the stored row does not contain it in the clear', async () => {
    await runIdempotently(deps, request('k-sealed'), async () => created());
    const rows = [];
    for await (const row of table.listEntities()) rows.push(JSON.stringify(row));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.join('\n')).not.toContain('very-secret-ticket-value');
  });

  it('when the same key comes with a different request, then it is a mismatch and nothing runs', async () => {
    await runIdempotently(deps, request('k-mismatch', 'fp-a'), async () => created());
    let ran = false;
    const outcome = await runIdempotently(deps, request('k-mismatch', 'fp-b'), async () => ((ran = true), created()));
    expect(outcome).toEqual({ kind: 'mismatch' });
    expect(ran).toBe(false);
  });

  it('when another caller uses the same key, then it runs on its own', async () => {
    await runIdempotently(deps, request('k-scope'), async () => created({ who: 'first' }));
    const other = await runIdempotently(deps, { scope: 'app:other', key: 'k-scope', fingerprint: 'fp-1' }, async () => created({ who: 'other' }));
    expect(other).toEqual({ kind: 'fresh', response: created({ who: 'other' }) });
  });

  it('when the first request is still running, then a repeat waits briefly and gets inProgress', async () => {
    let finish!: () => void;
    const first = runIdempotently(deps, request('k-busy'), () => new Promise<KeptResponse>((resolve) => (finish = () => resolve(created()))));
    await new Promise((r) => setTimeout(r, 50));
    const repeat = await runIdempotently(deps, request('k-busy'), async () => created({ second: true }));
    expect(repeat).toEqual({ kind: 'inProgress' });
    finish();
    expect((await first).kind).toBe('fresh');
  });

  it('when the first request finishes while a repeat waits, then the repeat gets its response', async () => {
    const first = runIdempotently(deps, request('k-wait'), async () => (await new Promise((r) => setTimeout(r, 120)), created({ slow: true })));
    await new Promise((r) => setTimeout(r, 30));
    expect(await runIdempotently(deps, request('k-wait'), async () => created({ second: true }))).toEqual({ kind: 'replayed', response: created({ slow: true }) });
    await first;
  });

  it('when the first response was a server error or 429, then it is not kept and a retry runs again', async () => {
    for (const status of [500, 429]) {
      const key = `k-retry-${status}`;
      expect(await runIdempotently(deps, request(key), async () => ({ status, headers: {}, body: null }))).toMatchObject({ kind: 'fresh' });
      expect(await runIdempotently(deps, request(key), async () => created({ retried: true }))).toEqual({ kind: 'fresh', response: created({ retried: true }) });
    }
  });

  it('when the work throws, then the key is released', async () => {
    await expect(runIdempotently(deps, request('k-throw'), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await runIdempotently(deps, request('k-throw'), async () => created({ again: true }))).toMatchObject({ kind: 'fresh' });
  });

  it('when a 4xx was the first response, then it is replayed like any other', async () => {
    const refused: KeptResponse = { status: 400, headers: { 'content-type': 'application/json' }, body: { error: { code: 'BadRequest' } } };
    await runIdempotently(deps, request('k-400'), async () => refused);
    expect(await runIdempotently(deps, request('k-400'), async () => created())).toEqual({ kind: 'replayed', response: refused });
  });

  it('when 24 hours have passed, then the key may be used again and runs anew', async () => {
    const saved = clock;
    await runIdempotently(deps, request('k-expiry'), async () => created({ day: 1 }));
    clock = new Date(saved.getTime() + 24 * 3600 * 1000 + 1);
    try {
      expect(await runIdempotently(deps, request('k-expiry', 'fp-other'), async () => created({ day: 2 }))).toEqual({ kind: 'fresh', response: created({ day: 2 }) });
    } finally {
      clock = saved;
    }
  });

  it('when the sweep runs, then only keys whose 24 h window is over are deleted, in several rounds, and a fresh key still replays', async () => {
    const started = clock;
    for (let i = 0; i < 5; i++) await runIdempotently(deps, request(`k-old-${i}`), async () => created({ i }));
    clock = new Date(started.getTime() + 20 * 3600 * 1000);
    await runIdempotently(deps, request('k-recent'), async () => created({ recent: true }));
    clock = new Date(started.getTime() + 25 * 3600 * 1000);
    const keysLeft = async () => {
      const out: string[] = [];
      for await (const row of table.listEntities()) out.push(String(row.rowKey));
      return out;
    };
    expect((await keysLeft()).filter((k) => k.startsWith('k-old-'))).toHaveLength(5);
    const removed = await sweepIdempotencyKeys(deps, 2);
    expect(removed).toBeGreaterThanOrEqual(5);
    const left = await keysLeft();
    expect(left.filter((k) => k.startsWith('k-old-'))).toEqual([]);
    expect(left).toContain('k-recent');
    expect(await runIdempotently(deps, request('k-recent'), async () => created({ recent: false }))).toEqual({ kind: 'replayed', response: created({ recent: true }) });
    clock = started;
  });
});
