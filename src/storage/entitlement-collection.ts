import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Collection, Page, PageRequest, Where } from '../domain/entitlement/ports';
import { Failure } from '../domain/errors';
import { deleteRow, insertRow, jsonColumn, listRows, readRow, updateRow } from './table-kit';
import { encodeKey, odataString } from './keys';
import { ALL, countPointers, deleteIndexRows, holds, indexPartition, indexRowsOf, matchesWhere, readPointers, rowsNotIn, writeIndexRows, type IndexPlan } from './entitlement-index';

/**
 * One entitlement-management entity kind in its own table: PartitionKey = the entity id
 * (encoded), RowKey = '', the whole entity as JSON in `doc`, and every top-level string or boolean
 * property copied to a column of the same name (for people reading the table). Lists and lookups
 * read index rows (`entitlement-index.ts`), never the whole table. A string column
 * holds at most 64 KiB (32K UTF-16 characters), so a long document (a policy with many questions)
 * continues in `doc1`, `doc2`, … within the entity's 1 MiB. The JSON is kept ASCII (`\uXXXX`
 * escapes): Azurite corrupts multi-byte characters in large entities, and ASCII makes the size
 * of a chunk in bytes predictable.
 */
const rowSchema = z.looseObject({ partitionKey: z.string(), doc: z.string() });
const READ_CONCURRENCY = 32;
const CHUNK = 30_000;
const MAX_CHUNKS = 15;

const asciiJson = (value: unknown): string => jsonColumn.write(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

function chunksOf(text: string): Record<string, string> {
  const count = Math.max(1, Math.ceil(text.length / CHUNK));
  if (count > MAX_CHUNKS) throw new Failure('payloadTooLarge', 'The entity is too large to be stored. Shorten its texts or lists.');
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[i === 0 ? 'doc' : `doc${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return out;
}

function joined(row: z.infer<typeof rowSchema>): string {
  let text = row.doc;
  for (let i = 1; typeof row[`doc${i}`] === 'string'; i++) text += row[`doc${i}`] as string;
  return text;
}

function entityRow<T extends { id: string }>(value: T, rowKey: string) {
  const columns: Record<string, string | boolean> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'boolean') columns[key] = v;
  return { ...columns, partitionKey: encodeKey(value.id), rowKey, ...chunksOf(asciiJson(value)) };
}

/**
 * The rows `insert` writes for a new entity: the entity row and its index rows (with `ref`), for
 * a loader that writes many entities at once, index rows in batches of one partition (the scale
 * benchmark's seeding). Write the index rows first, as `insert` does.
 */
export function newEntityRows<T extends { id: string }>(value: T, plan: IndexPlan<T> = { indexes: {} }, rowKey = '') {
  const kind = rowKey === '' ? 'e' : rowKey;
  return { entity: entityRow(value, rowKey), index: indexRowsOf(kind, plan, value).map((row) => ({ ...row, ref: value.id })) };
}

/**
 * `rowKey` lets a second, small kind share a table with its parent kind (resource requests beside
 * catalog resources): each kind keeps its own index partitions. `plan` names the indexes `find`,
 * `page` and `count` read (see `entitlement-index.ts`).
 */
export function createTableCollection<T extends { id: string }>(table: TableClient, name: string, schema: z.ZodType<T>, plan: IndexPlan<T> = { indexes: {} }, rowKey = ''): Collection<T> {
  const kind = rowKey === '' ? 'e' : rowKey;
  const parse = (row: z.infer<typeof rowSchema>): T => {
    const parsed = schema.safeParse(jsonColumn.read(joined(row)));
    if (!parsed.success) throw new Error(`Stored ${name} ${row.partitionKey} does not match its schema (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
    return parsed.data;
  };
  const toRow = (value: T) => entityRow(value, rowKey);
  const get = async (id: string) => {
    const stored = await readRow(table, rowSchema, name, encodeKey(id), rowKey);
    return stored && { value: parse(stored.value), etag: stored.etag };
  };
  const partitionOf = (where: Where): string => {
    const first = Object.entries(where).find(([, v]) => v !== undefined);
    if (!first) return indexPartition(kind, ALL, '');
    if (!plan.indexes[first[0]]) throw new TypeError(`${name}: '${first[0]}' is not an index`);
    return indexPartition(kind, first[0], first[1] as string);
  };
  const page = async (where: Where, request: PageRequest): Promise<Page<T>> => {
    const partitionKey = partitionOf(where);
    const pointers = await readPointers(table, partitionKey, request.top, request.continuation);
    const items: T[] = [];
    for (let i = 0; i < pointers.items.length; i += READ_CONCURRENCY) {
      const slice = pointers.items.slice(i, i + READ_CONCURRENCY);
      const read = await Promise.all(slice.map((p) => get(p.ref)));
      read.forEach((stored, j) => {
        const pointer = slice[j];
        if (stored && pointer && holds(kind, plan, stored.value, pointer) && matchesWhere(plan, stored.value, where)) items.push(stored.value);
      });
    }
    return { items, continuation: pointers.continuationToken };
  };
  return {
    get,
    page,
    async find(where) {
      if (!Object.values(where).some((v) => v !== undefined)) throw new TypeError(`${name}: find needs an index key; page through the whole collection instead`);
      const out: T[] = [];
      let continuation: string | undefined;
      do {
        const next = await page(where, { top: 1000, continuation });
        out.push(...next.items);
        continuation = next.continuation;
      } while (continuation);
      return out;
    },
    async count(where) {
      return countPointers(table, partitionOf(where));
    },
    async insert(value, conflictMessage) {
      const rows = indexRowsOf(kind, plan, value);
      await writeIndexRows(table, value.id, rows);
      try {
        await insertRow(table, toRow(value), conflictMessage);
      } catch (error) {
        // The id's owner keeps its own rows; ours point at an entity that does not have them.
        const existing = await get(value.id);
        await deleteIndexRows(table, existing ? rowsNotIn(rows, indexRowsOf(kind, plan, existing.value)) : rows);
        throw error;
      }
    },
    async replace(value, etag) {
      const before = await get(value.id);
      if (!before || before.etag !== etag) throw new Failure('preconditionFailed', 'The resource was changed by another request. Read it again and retry.');
      const oldRows = indexRowsOf(kind, plan, before.value);
      const newRows = indexRowsOf(kind, plan, value);
      await writeIndexRows(table, value.id, rowsNotIn(newRows, oldRows));
      const written = await updateRow(table, toRow(value), etag);
      await deleteIndexRows(table, rowsNotIn(oldRows, newRows));
      return written;
    },
    async remove(id, etag) {
      const before = await get(id);
      await deleteRow(table, encodeKey(id), rowKey, etag);
      if (before) await deleteIndexRows(table, indexRowsOf(kind, plan, before.value));
    },
  };
}

/** Bump when a plan changes, so the reindex timer writes the new index rows once. */
export const INDEX_VERSION = 1;

/**
 * Writes the index rows of entities stored before their collection had them (or before its plan
 * changed): one storage page of entity rows per call, `continuation` to go on; then a marker row
 * (`~meta`, `indexed-<kind>`) says the kind is done. Upserts only, so it may run beside writers
 * and run again.
 */
export function createTableReindexer<T extends { id: string }>(table: TableClient, name: string, schema: z.ZodType<T>, plan: IndexPlan<T> = { indexes: {} }, rowKey = '') {
  const kind = rowKey === '' ? 'e' : rowKey;
  const marker = { partitionKey: '~meta', rowKey: `indexed-${kind}` };
  const markerRow = z.object({ version: z.number(), continuation: z.string().optional() });
  return {
    name,
    /** Done, or where the previous run stopped (undefined: from the start). */
    async progress(): Promise<{ done: boolean; continuation: string | undefined }> {
      const row = (await readRow(table, markerRow, 'index marker', marker.partitionKey, marker.rowKey))?.value;
      return { done: (row?.version ?? 0) >= INDEX_VERSION, continuation: row?.continuation || undefined };
    },
    async reindexPage(continuation: string | undefined): Promise<{ entities: number; continuation: string | undefined }> {
      const page = await listRows(table, rowSchema, name, { filter: `PartitionKey lt '~' and RowKey eq ${odataString(rowKey)}`, top: 200, continuationToken: continuation });
      for (const row of page.items) {
        const parsed = schema.safeParse(jsonColumn.read(joined(row)));
        if (parsed.success) await writeIndexRows(table, parsed.data.id, indexRowsOf(kind, plan, parsed.data));
      }
      const next = page.continuationToken;
      await table.upsertEntity({ ...marker, version: next ? 0 : INDEX_VERSION, continuation: next ?? '' }, 'Replace');
      return { entities: page.items.length, continuation: next };
    },
  };
}
export type TableReindexer = ReturnType<typeof createTableReindexer>;
