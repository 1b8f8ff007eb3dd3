import { loadOrSeed, type DocumentStore, type StoredDocument } from '../domain/policies/document-store';

/**
 * How long a worker reuses a settings document it read (organization, authorization policy,
 * invitation domain policy) on hot paths such as POST /invitations. A change made through another
 * instance is seen here at most this much later; a change made through this worker at once.
 */
export const SETTINGS_CACHE_MS = 5_000;

/** A settings document store that can also answer from a short-lived copy. */
export interface CachedDocumentStore<T> extends DocumentStore<T> {
  /**
   * The document as read at most `ttlMs` ago, seeded on first use. Concurrent callers share one
   * read. Writes through this store (and fresh `read`s) replace the copy at once. Callers that
   * write back (read-modify-write with the ETag) use `read`, never this.
   */
  current(seed: () => T): Promise<T>;
}

/**
 * Wraps `store` with a per-worker copy for `current`. A read that started before a write of this
 * worker never overwrites what the write left (a generation counter), so a policy this worker just
 * changed is never replaced by the older copy.
 */
export function withReadCache<T>(store: DocumentStore<T>, ttlMs = SETTINGS_CACHE_MS, clock: () => number = Date.now): CachedDocumentStore<T> {
  let copy: { value: T; at: number } | undefined;
  let loading: Promise<T> | undefined;
  let generation = 0;

  const remember = (stored: StoredDocument<T>, from: number): StoredDocument<T> => {
    if (from === generation) {
      generation++;
      copy = { value: stored.value, at: clock() };
    }
    return stored;
  };

  return {
    async read() {
      const from = generation;
      const stored = await store.read();
      return stored ? remember(stored, from) : stored;
    },
    async insertIfAbsent(value) {
      generation++;
      return remember(await store.insertIfAbsent(value), generation);
    },
    async replace(value, etag) {
      generation++;
      // Dropped first: if the write fails, the next `current` reads again rather than trusting the copy.
      copy = undefined;
      return remember(await store.replace(value, etag), generation);
    },
    current(seed) {
      if (copy && clock() - copy.at < ttlMs) return Promise.resolve(copy.value);
      if (!loading) {
        const from = generation;
        loading = loadOrSeed(store, seed)
          .then((stored) => remember(stored, from).value)
          .finally(() => {
            loading = undefined;
          });
      }
      return loading;
    },
  };
}
