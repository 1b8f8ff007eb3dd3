import { Failure } from '../errors';

/** A stored settings document with the ETag it was read with. */
export interface StoredDocument<T> {
  value: T;
  etag: string;
}

/**
 * Port: one settings document (the organization, a policy) kept as a single row. `insert` is
 * insert-if-absent: when another instance seeded first it returns what that instance wrote, so
 * every instance agrees on one seed. `replace` fails with `preconditionFailed` on a stale ETag.
 */
export interface DocumentStore<T> {
  read(): Promise<StoredDocument<T> | undefined>;
  insertIfAbsent(value: T): Promise<StoredDocument<T>>;
  replace(value: T, etag: string): Promise<StoredDocument<T>>;
}

/** The stored document, seeded on first use. */
export async function loadOrSeed<T>(store: DocumentStore<T>, seed: () => T): Promise<StoredDocument<T>> {
  return (await store.read()) ?? (await store.insertIfAbsent(seed()));
}

/**
 * Refuses a change when the client sent `If-Match` with an ETag other than the current one.
 * Without `If-Match` the server's own read-modify-write is still ETag-guarded.
 */
export function checkIfMatch(ifMatch: string | undefined, etag: string): void {
  if (ifMatch && ifMatch !== '*' && ifMatch !== etag) {
    throw new Failure('preconditionFailed', 'The resource was changed since you read it. Read it again and retry.');
  }
}

/** Audit `modifiedProperties` for the top-level keys whose JSON differs. */
export function modifiedProperties<T extends object>(before: T, after: T): { displayName: string; oldValue: string | null; newValue: string | null }[] {
  const keys = Object.keys(after) as (keyof T & string)[];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ displayName: k, oldValue: JSON.stringify(before[k] ?? null), newValue: JSON.stringify(after[k] ?? null) }));
}
