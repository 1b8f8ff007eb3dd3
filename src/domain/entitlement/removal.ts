import type { Failure } from '../errors';
import type { Collection, Versioned, Where } from './ports';

/**
 * Two-phase removal of a parent (a catalog, a catalog resource) that must not go while children
 * (packages, role scopes) use it. The remover first marks the parent (ETag-guarded), then looks
 * for children; a creator inserts its child, then confirms the parent is neither gone nor marked.
 * Whatever the interleaving, either the remover sees the child or the creator sees the mark, so
 * no child is left pointing at a removed parent. A mark older than a minute is a crashed removal
 * and no longer counts.
 */
export const REMOVAL_WINDOW_MS = 60_000;

export interface Removable {
  id: string;
  removingAt?: string | null | undefined;
}

export function isBeingRemoved(entity: Removable, now: Date): boolean {
  return !!entity.removingAt && now.getTime() - Date.parse(entity.removingAt) < REMOVAL_WINDOW_MS;
}

/** Removes `stored` unless `inUse()` finds a child after the mark; then the mark is lifted and `conflict` thrown. */
export async function removeUnlessInUse<T extends Removable>(collection: Collection<T>, stored: Versioned<T>, now: Date, inUse: () => Promise<boolean>, conflict: Failure): Promise<void> {
  const etag = await collection.replace({ ...stored.value, removingAt: now.toISOString() }, stored.etag);
  if (await inUse()) {
    await collection.replace({ ...stored.value, removingAt: null }, etag);
    throw conflict;
  }
  await collection.remove(stored.value.id, etag);
}

/** After a child was inserted: withdraws it and throws `failure` when its parent is gone or being removed. */
export async function confirmParent<T extends Removable>(collection: Collection<T>, parentId: string, now: Date, withdraw: () => Promise<void>, failure: Failure): Promise<void> {
  const parent = await collection.get(parentId);
  if (parent && !isBeingRemoved(parent.value, now)) return;
  await withdraw();
  throw failure;
}

/** Whether an index key holds any entity: pages until one is found (stale index rows are skipped). */
export async function holdsAny<T extends { id: string }>(collection: Collection<T>, where: Where): Promise<boolean> {
  let continuation: string | undefined;
  do {
    const page = await collection.page(where, { top: 10, continuation });
    if (page.items.length > 0) return true;
    continuation = page.continuation;
  } while (continuation);
  return false;
}
