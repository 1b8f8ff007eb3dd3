/**
 * Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): the first request with a
 * key runs and its response is kept for 24 h; a repeat from the same caller with the same key and
 * the same request gets that response again; the same key with a different request is refused
 * (the draft's 422); a repeat while the first still runs waits briefly, then is refused (the
 * draft's 409).
 */

/** How long a response is replayed (the draft leaves it to the server; Stripe and Gatehouse: 24 h). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
/** A claim older than this whose request never finished (a crashed instance) may be taken over. */
export const ABANDONED_AFTER_MS = 120_000;
/**
 * The same for operations that are safe to run twice (their use case finishes an earlier attempt's
 * work by operation key): a retry after a crash need not wait long for the dead claim.
 */
export const RETRY_SAFE_ABANDONED_AFTER_MS = 10_000;

/** A response as replayed: status, the headers that matter and the body. */
export interface KeptResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type IdempotencyRecord =
  | { state: 'inProgress'; fingerprint: string; startedAt: Date; expiresAt: Date }
  | { state: 'completed'; fingerprint: string; startedAt: Date; expiresAt: Date; response: KeptResponse };

/**
 * Port: keys by scope (the caller) and key. `claim` inserts an `inProgress` record and fails
 * (returns undefined) when one exists; `complete` and `release` are ETag-guarded.
 */
export interface IdempotencyStore {
  claim(scope: string, key: string, record: IdempotencyRecord & { state: 'inProgress' }): Promise<string | undefined>;
  read(scope: string, key: string): Promise<{ record: IdempotencyRecord; etag: string } | undefined>;
  /** Keeps the response; false when it could not be kept (too large): the claim is released instead. */
  complete(scope: string, key: string, etag: string, record: IdempotencyRecord & { state: 'completed' }): Promise<boolean>;
  release(scope: string, key: string, etag: string): Promise<void>;
  /** Deletes up to `limit` records that expired before `before` (unless changed meanwhile); returns how many went. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}

export interface IdempotencyDeps {
  store: IdempotencyStore;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** How long a repeat waits for a first request still running before it gets `inProgress`. */
  waitMs: number;
}

export type IdempotentOutcome =
  | { kind: 'fresh'; response: KeptResponse }
  | { kind: 'replayed'; response: KeptResponse }
  | { kind: 'mismatch' }
  | { kind: 'inProgress' };

/** Responses worth replaying: not server errors or throttling, which a retry should run again. */
export const isKeepable = (status: number): boolean => status < 500 && status !== 429;

/**
 * Runs `run` once per (scope, key): the first call runs it and keeps its response; repeats get that
 * response (`replayed`), a different `fingerprint` gets `mismatch`, a repeat while the first runs
 * waits up to `waitMs` and then gets `inProgress`. A response that should not be kept (5xx, 429)
 * or an exception releases the key, so a retry runs again.
 */
export async function runIdempotently(
  deps: IdempotencyDeps,
  request: { scope: string; key: string; fingerprint: string; abandonedAfterMs?: number },
  run: () => Promise<KeptResponse>,
): Promise<IdempotentOutcome> {
  const { scope, key, fingerprint } = request;
  const abandonedAfterMs = request.abandonedAfterMs ?? ABANDONED_AFTER_MS;
  let waited = 0;
  for (;;) {
    const now = deps.now();
    const claim = { state: 'inProgress' as const, fingerprint, startedAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS) };
    const etag = await deps.store.claim(scope, key, claim);
    if (etag !== undefined) return { kind: 'fresh', response: await runClaimed(deps, request, etag, claim, run) };

    const existing = await deps.store.read(scope, key);
    if (!existing) continue; // released between our claim and our read: claim again
    const { record } = existing;
    const stale = record.expiresAt <= now || (record.state === 'inProgress' && now.getTime() - record.startedAt.getTime() > abandonedAfterMs);
    if (stale) {
      await deps.store.release(scope, key, existing.etag).catch(() => undefined); // another repeat may have taken it first
      continue;
    }
    if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (record.state === 'completed') return { kind: 'replayed', response: record.response };
    if (waited >= deps.waitMs) return { kind: 'inProgress' };
    await deps.sleep(100);
    waited += 100;
  }
}

async function runClaimed(
  deps: IdempotencyDeps,
  request: { scope: string; key: string },
  etag: string,
  claim: IdempotencyRecord & { state: 'inProgress' },
  run: () => Promise<KeptResponse>,
): Promise<KeptResponse> {
  let response: KeptResponse;
  try {
    response = await run();
  } catch (error) {
    await deps.store.release(request.scope, request.key, etag).catch(() => undefined);
    throw error;
  }
  const kept = isKeepable(response.status) && (await deps.store.complete(request.scope, request.key, etag, { ...claim, state: 'completed', response }).catch(() => false));
  // Not kept (or the claim was taken over meanwhile): the response still goes to this caller.
  if (!kept) await deps.store.release(request.scope, request.key, etag).catch(() => undefined);
  return response;
}

/**
 * Removes records whose 24 h window is over, in rounds of `batch`, so the table holds about one
 * day of keys. A record reused after expiry is replaced anyway; this only bounds the table.
 */
export async function sweepIdempotencyKeys(deps: Pick<IdempotencyDeps, 'store' | 'now'>, batch = 500): Promise<number> {
  const before = deps.now();
  let total = 0;
  for (;;) {
    const removed = await deps.store.deleteExpired(before, batch);
    total += removed;
    if (removed < batch) return total;
  }
}
