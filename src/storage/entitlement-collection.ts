import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Collection } from '../domain/entitlement/ports';
import { Failure } from '../domain/errors';
import { deleteRow, insertRow, jsonColumn, listAllRows, readRow, updateRow } from './table-kit';
import { encodeKey, odataString } from './keys';

/**
 * One entitlement-management entity kind in its own table: PartitionKey = the entity id
 * (encoded), RowKey = '', the whole entity as JSON in `doc`, and every top-level string or boolean
 * property copied to a column of the same name so `find` can filter on it. The collections are
 * administrative (catalogs, packages, policies…), so `find` scans with a bound. A string column
 * holds at most 64 KiB (32K UTF-16 characters), so a long document (a policy with many questions)
 * continues in `doc1`, `doc2`, … within the entity's 1 MiB. The JSON is kept ASCII (`\uXXXX`
 * escapes): Azurite corrupts multi-byte characters in large entities, and ASCII makes the size
 * of a chunk in bytes predictable.
 */
const rowSchema = z.looseObject({ partitionKey: z.string(), doc: z.string() });
const FIND_LIMIT = 20_000;
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

/**
 * `rowKey` lets a second, small kind share a table with its parent kind (resource requests beside
 * catalog resources): each kind's `find` sees its own RowKey only.
 */
export function createTableCollection<T extends { id: string }>(table: TableClient, name: string, schema: z.ZodType<T>, rowKey = ''): Collection<T> {
  const parse = (row: z.infer<typeof rowSchema>): T => {
    const parsed = schema.safeParse(jsonColumn.read(joined(row)));
    if (!parsed.success) throw new Error(`Stored ${name} ${row.partitionKey} does not match its schema (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
    return parsed.data;
  };
  const toRow = (value: T) => {
    const columns: Record<string, string | boolean> = {};
    for (const [key, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'boolean') columns[key] = v;
    return { ...columns, partitionKey: encodeKey(value.id), rowKey, ...chunksOf(asciiJson(value)) };
  };
  return {
    async get(id) {
      const stored = await readRow(table, rowSchema, name, encodeKey(id), rowKey);
      return stored && { value: parse(stored.value), etag: stored.etag };
    },
    async find(where) {
      const clauses = Object.entries(where)
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .map(([column, value]) => `${column} eq ${odataString(value)}`);
      // Table Storage needs a filter; every row of this kind has the same RowKey.
      const rows = await listAllRows(table, rowSchema, name, [`RowKey eq ${odataString(rowKey)}`, ...clauses].join(' and '), FIND_LIMIT);
      return rows.map(parse);
    },
    async insert(value, conflictMessage) {
      await insertRow(table, toRow(value), conflictMessage);
    },
    async replace(value, etag) {
      return updateRow(table, toRow(value), etag);
    },
    async remove(id, etag) {
      await deleteRow(table, encodeKey(id), rowKey, etag);
    },
  };
}
