import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { deleteRow, listRows } from './table-kit';
import { encodeKey, odataString } from './keys';

/**
 * Index rows of an entitlement collection, kept in the collection's own table beside the entities.
 *
 * One index row per (index, key) an entity has: PartitionKey `~<kind>~<index>~<key>` (the key
 * lowercased and encoded; the index `*` holds every entity of the kind), RowKey
 * `<order>|<entity id>` where `<order>` is the collection's sort key (a display name, or an
 * inverted creation time so the newest comes first), and column `ref` = the entity id. A page
 * of a filtered list is then one range of one partition, read with the storage's own
 * continuation, whatever the size of the table.
 *
 * Rows are pointers, never copies: the entity row is the truth. Writers add an entity's new index
 * rows before writing the entity and remove the ones it no longer has only after the write
 * succeeded, so a crash or a lost race can leave an extra row, never a missing one. Readers follow
 * each pointer and keep the entity only if it still has that index row (`holds`).
 */

export type IndexKeys<T> = (value: T) => string | readonly string[] | null | undefined;

/** How a collection is indexed: the index names with the keys an entity has in each, and its sort key. */
export interface IndexPlan<T> {
  /** Index name → the entity's key(s) in it; an entity without a key is not in that index. */
  indexes: Readonly<Record<string, IndexKeys<T>>>;
  /** The sort key every index row starts with; the list order (default: the id alone). */
  order?: (value: T) => string;
}

export const ALL = '*';
const MAX_ORDER_CHARS = 120;

export interface IndexRowKey {
  partitionKey: string;
  rowKey: string;
}

const pointerRow = z.object({ partitionKey: z.string(), rowKey: z.string(), ref: z.string() });

/** The partition of index `name` at `key`. */
export function indexPartition(kind: string, name: string, key: string): string {
  return name === ALL ? `~${kind}~${ALL}` : `~${kind}~${name}~${encodeKey(key.toLowerCase())}`;
}

function keysIn<T>(plan: IndexPlan<T>, name: string, value: T): string[] {
  const keys = plan.indexes[name]?.(value);
  if (keys === null || keys === undefined) return [];
  return (typeof keys === 'string' ? [keys] : [...keys]).filter((k) => k !== '');
}

/** Every index row `value` has. */
export function indexRowsOf<T extends { id: string }>(kind: string, plan: IndexPlan<T>, value: T): IndexRowKey[] {
  const order = encodeKey((plan.order?.(value) ?? '').toLowerCase().slice(0, MAX_ORDER_CHARS));
  const rowKey = `${order}|${encodeKey(value.id)}`;
  const rows: IndexRowKey[] = [{ partitionKey: indexPartition(kind, ALL, ''), rowKey }];
  for (const name of Object.keys(plan.indexes)) {
    for (const key of new Set(keysIn(plan, name, value).map((k) => k.toLowerCase()))) rows.push({ partitionKey: indexPartition(kind, name, key), rowKey });
  }
  return rows;
}

const same = (a: IndexRowKey, b: IndexRowKey): boolean => a.partitionKey === b.partitionKey && a.rowKey === b.rowKey;

/** Rows of `rows` missing from `others`. */
export function rowsNotIn(rows: readonly IndexRowKey[], others: readonly IndexRowKey[]): IndexRowKey[] {
  return rows.filter((row) => !others.some((o) => same(row, o)));
}

/** Whether `value` (as stored now) still has index row `row`: a stale pointer is skipped. */
export function holds<T extends { id: string }>(kind: string, plan: IndexPlan<T>, value: T, row: IndexRowKey): boolean {
  return indexRowsOf(kind, plan, value).some((r) => same(r, row));
}

/** Whether the entity matches `where` (index names or plain properties → key, compared case-insensitively). */
export function matchesWhere<T>(plan: IndexPlan<T>, value: T, where: Readonly<Record<string, string | undefined>>): boolean {
  return Object.entries(where).every(([name, wanted]) => {
    if (wanted === undefined) return true;
    const keys = plan.indexes[name] ? keysIn(plan, name, value) : [String((value as Record<string, unknown>)[name] ?? '')];
    return keys.some((k) => k.toLowerCase() === wanted.toLowerCase());
  });
}

/** Writes index rows (idempotent upserts). */
export async function writeIndexRows(table: TableClient, id: string, rows: readonly IndexRowKey[]): Promise<void> {
  await Promise.all(rows.map((row) => table.upsertEntity({ ...row, ref: id }, 'Replace')));
}

/** Removes index rows (absent ones are fine). */
export async function deleteIndexRows(table: TableClient, rows: readonly IndexRowKey[]): Promise<void> {
  await Promise.all(rows.map((row) => deleteRow(table, row.partitionKey, row.rowKey)));
}

/** One page of pointers from one index partition, in RowKey order, with the storage's continuation. */
export async function readPointers(table: TableClient, partitionKey: string, top: number, continuation: string | undefined) {
  return listRows(table, pointerRow, 'index row', { filter: `PartitionKey eq ${odataString(partitionKey)}`, top, continuationToken: continuation });
}

/** Counts the rows of one index partition, reading keys only, one storage page at a time. */
export async function countPointers(table: TableClient, partitionKey: string): Promise<number> {
  let count = 0;
  const pages = table.listEntities({ queryOptions: { filter: `PartitionKey eq ${odataString(partitionKey)}`, select: ['RowKey'] } }).byPage({ maxPageSize: 1000 });
  for await (const page of pages) count += page.length;
  return count;
}
