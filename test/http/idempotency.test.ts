import { describe, expect, it } from 'vitest';
import type { IdempotencyDeps, IdempotencyRecord, IdempotencyStore } from '../../src/domain/idempotency/idempotency';
import { Failure } from '../../src/domain/errors';
import { idempotent, readIdempotencyKey, requestFingerprint } from '../../src/http/idempotency';

function memoryStore(): IdempotencyStore {
  const rows = new Map<string, { record: IdempotencyRecord; etag: string }>();
  let n = 0;
  return {
    async claim(scope, key, record) {
      if (rows.has(`${scope}|${key}`)) return undefined;
      const etag = String(++n);
      rows.set(`${scope}|${key}`, { record, etag });
      return etag;
    },
    async read(scope, key) {
      return rows.get(`${scope}|${key}`);
    },
    async complete(scope, key, etag, record) {
      if (rows.get(`${scope}|${key}`)?.etag !== etag) throw new Failure('preconditionFailed', 'stale');
      rows.set(`${scope}|${key}`, { record, etag: String(++n) });
      return true;
    },
    async release(scope, key) {
      rows.delete(`${scope}|${key}`);
    },
    async deleteExpired(before, limit) {
      const expired = [...rows].filter(([, row]) => row.record.expiresAt < before).slice(0, limit);
      for (const [id] of expired) rows.delete(id);
      return expired.length;
    },
  };
}

const deps = (): IdempotencyDeps => ({ store: memoryStore(), now: () => new Date('2026-01-01T00:00:00Z'), sleep: async () => undefined, waitMs: 0 });
const ctx = (key?: string) => ({
  request: { headers: new Headers(key ? { 'idempotency-key': key } : {}) },
  principal: { kind: 'user' as const, userId: 'u1', scopes: new Set<string>() },
  id: { requestId: 'r1', date: new Date('2026-01-01T00:00:00Z') },
});
const what = (payload: unknown) => ({ operationId: 'createInvitation', params: {}, payload });

describe('the Idempotency-Key header', () => {
  it('when the key is a Structured Field string or a bare token, then both read the same; a bad key is 400', () => {
    expect(readIdempotencyKey(new Headers({ 'idempotency-key': '"8e03978e-40d5"' }))).toBe('8e03978e-40d5');
    expect(readIdempotencyKey(new Headers({ 'idempotency-key': '8e03978e-40d5' }))).toBe('8e03978e-40d5');
    expect(readIdempotencyKey(new Headers())).toBeUndefined();
    expect(() => readIdempotencyKey(new Headers({ 'idempotency-key': 'a b' }))).toThrow(Failure);
  });

  it('when two bodies differ only in property order, then they have the same fingerprint; a changed value does not', () => {
    expect(requestFingerprint('op', {}, { a: 1, b: { c: 2, d: [1, 2] } })).toBe(requestFingerprint('op', {}, { b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(requestFingerprint('op', {}, { a: 1 })).not.toBe(requestFingerprint('op', {}, { a: 2 }));
    expect(requestFingerprint('op', {}, { a: 1 })).not.toBe(requestFingerprint('other', {}, { a: 1 }));
  });

  it('when a request is repeated, then the kept status, headers and body come back marked as replayed, without running again', async () => {
    const d = deps();
    let runs = 0;
    const run = async () => ({ status: 201, headers: { 'content-type': 'application/json', location: '/x', 'request-id': 'r1' }, jsonBody: { n: ++runs } });
    const first = await idempotent(d, ctx('k'), what({ a: 1 }), run);
    const again = await idempotent(d, ctx('k'), what({ a: 1 }), run);
    expect(first).toEqual({ status: 201, headers: { 'content-type': 'application/json', location: '/x' }, jsonBody: { n: 1 } });
    expect(again).toEqual({ status: 201, headers: { 'content-type': 'application/json', location: '/x', 'idempotency-replayed': 'true' }, jsonBody: { n: 1 } });
    expect(runs).toBe(1);
  });

  it('when the key is reused for a different request, then 422 (the draft), and while the first runs, 409', async () => {
    const d = deps();
    await idempotent(d, ctx('k'), what({ a: 1 }), async () => ({ status: 201, jsonBody: {} }));
    const mismatch = await idempotent(d, ctx('k'), what({ a: 2 }), async () => ({ status: 201, jsonBody: {} }));
    expect(mismatch.status).toBe(422);
    expect((mismatch.jsonBody as { error: { code: string } }).error.code).toBe('UnprocessableEntity');

    let release!: () => void;
    const slow = idempotent(d, ctx('busy'), what({}), () => new Promise((resolve) => (release = () => resolve({ status: 201, jsonBody: {} }))));
    await new Promise((r) => setTimeout(r, 5));
    const busy = await idempotent(d, ctx('busy'), what({}), async () => ({ status: 201, jsonBody: {} }));
    expect(busy.status).toBe(409);
    expect((busy.headers as Record<string, string>)['retry-after']).toBe('1');
    release();
    await slow;
  });

  it('when the work fails with an expected failure, then its Graph error is kept and replayed', async () => {
    const d = deps();
    const refused = await idempotent(d, ctx('k'), what({}), async () => Promise.reject(new Failure('invalidRequest', 'nope')));
    const again = await idempotent(d, ctx('k'), what({}), async () => ({ status: 201, jsonBody: {} }));
    expect(refused.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.jsonBody).toEqual(refused.jsonBody);
  });

  it('when there is no key, then the work just runs', async () => {
    let runs = 0;
    const d = deps();
    for (let i = 0; i < 2; i++) await idempotent(d, ctx(), what({}), async () => ({ status: 201, jsonBody: { n: ++runs } }));
    expect(runs).toBe(2);
  });
});
