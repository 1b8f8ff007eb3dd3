import { describe, expect, it } from 'vitest';
import type { DocumentStore, StoredDocument } from '../../src/domain/policies/document-store';
import { withReadCache } from '../../src/storage/cached-document-store';

/** A document store in memory that counts reads and can hold a read until released. */
function memoryStore(initial: string | undefined) {
  let doc: StoredDocument<string> | undefined = initial === undefined ? undefined : { value: initial, etag: 'e0' };
  let version = 0;
  let gate: Promise<void> | undefined;
  const counts = { reads: 0, inserts: 0 };
  const store: DocumentStore<string> = {
    async read() {
      counts.reads++;
      const seen = doc;
      await gate;
      return seen;
    },
    async insertIfAbsent(value) {
      counts.inserts++;
      doc ??= { value, etag: `e${++version}` };
      return doc;
    },
    async replace(value) {
      doc = { value, etag: `e${++version}` };
      return doc;
    },
  };
  return {
    store,
    counts,
    /** Reads started from now on wait until the returned function is called. */
    holdReads() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
    /** Another instance changes the row. */
    setElsewhere(value: string) {
      doc = { value, etag: `e${++version}` };
    },
  };
}

describe('settings documents with a per-worker read cache', () => {
  it('when the copy is younger than the TTL, then current answers from it; once older, it reads again', async () => {
    let now = 1_000;
    const m = memoryStore('v1');
    const cached = withReadCache(m.store, 5_000, () => now);
    expect(await cached.current(() => 'seed')).toBe('v1');
    m.setElsewhere('v2');
    now += 4_999;
    expect(await cached.current(() => 'seed')).toBe('v1');
    expect(m.counts.reads).toBe(1);
    now += 1;
    expect(await cached.current(() => 'seed')).toBe('v2');
    expect(m.counts.reads).toBe(2);
  });

  it('when this worker replaces the document, then current shows the new value at once', async () => {
    const m = memoryStore('v1');
    const cached = withReadCache(m.store, 60_000, () => 0);
    expect(await cached.current(() => 'seed')).toBe('v1');
    const stored = (await cached.read())!;
    await cached.replace('mine', stored.etag);
    expect(await cached.current(() => 'seed')).toBe('mine');
  });

  it('when a slow read started before a replace, then its older value never replaces the new copy', async () => {
    const m = memoryStore('old');
    const cached = withReadCache(m.store, 60_000, () => 0);
    const release = m.holdReads();
    const slow = cached.current(() => 'seed');
    await cached.replace('new', 'e0');
    release();
    expect(await slow).toBe('old');
    expect(await cached.current(() => 'seed')).toBe('new');
  });

  it('when many callers ask at once with no copy, then one read serves them all', async () => {
    const m = memoryStore('v1');
    const cached = withReadCache(m.store, 5_000, () => 0);
    const values = await Promise.all(Array.from({ length: 10 }, () => cached.current(() => 'seed')));
    expect(values.every((v) => v === 'v1')).toBe(true);
    expect(m.counts.reads).toBe(1);
  });

  it('when the document does not exist yet, then current seeds it once', async () => {
    const m = memoryStore(undefined);
    const cached = withReadCache(m.store, 5_000, () => 0);
    expect(await cached.current(() => 'seeded')).toBe('seeded');
    expect(await cached.current(() => 'other')).toBe('seeded');
    expect(m.counts.inserts).toBe(1);
  });
});
