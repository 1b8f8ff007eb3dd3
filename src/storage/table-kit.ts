import { RestError, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { z } from 'zod';
import { Failure } from '../domain/errors';

/**
 * The few Table Storage operations every repository needs, with the project's rules built in:
 * rows are parsed with zod on read, every update and delete carries the ETag it read (a lost race
 * becomes a 412 Failure, never a silent overwrite), inserts turn a duplicate key into a 409 Failure,
 * and lists page over continuation tokens.
 */

/** A row as stored: string keys plus scalar columns (objects/arrays go through `jsonColumn`). */
export type Row = TableEntity<Record<string, unknown>>;

export interface Stored<T> {
  value: T;
  etag: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to continue. Undefined on the last page. */
  continuationToken: string | undefined;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

function invalidRow(schemaName: string, row: { partitionKey?: string | undefined; rowKey?: string | undefined }, error: z.ZodError): Error {
  // Unexpected: a row that does not match its schema is a bug or corruption, not a client error.
  const fields = error.issues.map((i) => i.path.join('.')).join(', ');
  return new Error(`Stored ${schemaName} ${row.partitionKey}/${row.rowKey} does not match its schema (${fields})`);
}

/** Parses a raw row with `schema`; throws (unexpected) when it does not match. */
export function parseRow<T>(schema: z.ZodType<T>, name: string, row: { partitionKey?: string | undefined; rowKey?: string | undefined }): T {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw invalidRow(name, row, parsed.error);
  return parsed.data;
}

/** Point read; undefined when absent. */
export async function readRow<T>(
  client: TableClient,
  schema: z.ZodType<T>,
  name: string,
  partitionKey: string,
  rowKey: string,
): Promise<Stored<T> | undefined> {
  try {
    const row = await client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    return { value: parseRow(schema, name, row), etag: row.etag };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** Inserts; a row with the same keys already there → `conflict`. */
export async function insertRow(client: TableClient, row: Row, conflictMessage: string): Promise<string> {
  try {
    const response = await client.createEntity(row);
    return response.etag ?? '';
  } catch (error) {
    if (statusOf(error) === 409) throw new Failure('conflict', conflictMessage);
    throw error;
  }
}

/** Replaces (or merges) a row only if it still has `etag`; otherwise `preconditionFailed`. */
export async function updateRow(client: TableClient, row: Row, etag: string, mode: 'Replace' | 'Merge' = 'Replace'): Promise<string> {
  if (!etag || etag === '*') throw new TypeError('updateRow needs the ETag that was read');
  try {
    const response = await client.updateEntity(row, mode, { etag });
    return response.etag ?? '';
  } catch (error) {
    const status = statusOf(error);
    if (status === 412 || status === 404) {
      throw new Failure('preconditionFailed', 'The resource was changed by another request. Read it again and retry.');
    }
    throw error;
  }
}

/** Deletes a row only if it still has `etag`; a missing row is fine when `etag` is undefined. */
export async function deleteRow(client: TableClient, partitionKey: string, rowKey: string, etag?: string): Promise<void> {
  try {
    await client.deleteEntity(partitionKey, rowKey, etag ? { etag } : {});
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 && etag === undefined) return;
    if (status === 412 || status === 404) {
      throw new Failure('preconditionFailed', 'The resource was changed by another request. Read it again and retry.');
    }
    throw error;
  }
}

export interface ListOptions {
  filter?: string;
  select?: string[];
  /** Page size (Table Storage returns at most 1,000). */
  top: number;
  continuationToken?: string | undefined;
}

/** One page of a query, parsed; continue with the returned token. */
export async function listRows<T>(client: TableClient, schema: z.ZodType<T>, name: string, options: ListOptions): Promise<Page<T>> {
  const queryOptions: { filter?: string; select?: string[] } = {};
  if (options.filter) queryOptions.filter = options.filter;
  if (options.select) queryOptions.select = options.select;
  const pages = client
    .listEntities<Record<string, unknown>>({ queryOptions })
    .byPage({ maxPageSize: Math.min(options.top, 1000), ...(options.continuationToken ? { continuationToken: options.continuationToken } : {}) });
  for await (const page of pages) {
    return {
      items: page.map((row) => parseRow(schema, name, row)),
      continuationToken: page.continuationToken || undefined,
    };
  }
  return { items: [], continuationToken: undefined };
}

/** Reads every row of a query (bounded by `limit`, so a bug cannot turn into an unbounded scan). */
export async function listAllRows<T>(client: TableClient, schema: z.ZodType<T>, name: string, filter: string, limit = 100_000): Promise<T[]> {
  const out: T[] = [];
  for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    out.push(parseRow(schema, name, row));
    if (out.length > limit) throw new Error(`Query on ${name} returned more than ${limit} rows`);
  }
  return out;
}

/**
 * Submits actions atomically. Table Storage requires one partition and at most 100 actions; a
 * conflict (duplicate insert) or a stale ETag fails the whole batch and is reported as a Failure.
 */
export async function transact(client: TableClient, actions: TransactionAction[], conflictMessage = 'A conflicting change was made at the same time.'): Promise<void> {
  if (actions.length === 0) return;
  if (actions.length > 100) throw new TypeError('A table transaction holds at most 100 actions');
  const partitions = new Set(actions.map((a) => a[1].partitionKey));
  if (partitions.size !== 1) throw new TypeError('A table transaction must stay in one partition');
  try {
    await client.submitTransaction(actions);
  } catch (error) {
    const status = statusOf(error);
    if (status === 409) throw new Failure('conflict', conflictMessage);
    if (status === 412 || status === 404) {
      throw new Failure('preconditionFailed', 'The resource was changed by another request. Read it again and retry.');
    }
    throw error;
  }
}

/** Stores structured values as JSON text columns (Table Storage has no nested types). */
export const jsonColumn = {
  write: (value: unknown): string => JSON.stringify(value),
  read: (text: unknown): unknown => (typeof text === 'string' && text !== '' ? JSON.parse(text) : undefined),
};
