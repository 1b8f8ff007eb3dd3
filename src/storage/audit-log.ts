import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { AuditEntry, AuditLog } from '../domain/audit';
import { Failure } from '../domain/errors';
import { jsonColumn, listRows, transact, type Page } from './table-kit';

/**
 * Audit entries, append-only. Partition = month (`2026-11`), row = inverted timestamp + id, so a
 * month reads newest first and a time range is a key range, never a scan of the whole log.
 */
const MAX_MS = 9_999_999_999_999;

export const monthPartition = (at: Date): string => at.toISOString().slice(0, 7);
export const invertedRowKey = (at: Date, id: string): string => `${String(MAX_MS - at.getTime()).padStart(13, '0')}|${id}`;

const auditRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  id: z.string(),
  activityDisplayName: z.string(),
  category: z.string(),
  activityAt: z.coerce.date(),
  initiatedBy: z.string(),
  targetResources: z.string(),
  result: z.enum(['success', 'failure']),
  resultReason: z.string().optional(),
  correlationId: z.string().optional(),
});

function toEntry(row: z.infer<typeof auditRow>): AuditEntry {
  return {
    id: row.id,
    activityDisplayName: row.activityDisplayName,
    category: row.category as AuditEntry['category'],
    activityAt: row.activityAt,
    initiatedBy: jsonColumn.read(row.initiatedBy) as AuditEntry['initiatedBy'],
    targetResources: jsonColumn.read(row.targetResources) as AuditEntry['targetResources'],
    result: row.result,
    resultReason: row.resultReason,
    correlationId: row.correlationId,
  };
}

export interface AuditReader {
  /** One entry by its id within the retention window (entries written since by-id pointers exist), or undefined. */
  get(id: string, options: { now: Date; lookbackMonths: number }): Promise<AuditEntry | undefined>;
  /** Entries of one month, newest first, optionally bounded in time; page with the token. */
  listMonth(month: string, options: { from?: Date; to?: Date; top: number; continuationToken?: string }): Promise<Page<AuditEntry>>;
  /**
   * Entries newest first across month partitions, from `to` (or now) back to `from` (or
   * `lookbackMonths` before now), keeping what `keep` maps to an item. Stops after `top` items or
   * `maxQueries` table queries and returns where to go on; a continuation it did not write is a 400.
   */
  listNewestFirst<T>(options: NewestFirstOptions, keep: (entry: AuditEntry) => T | undefined): Promise<{ items: T[]; continuation: string | undefined }>;
}

export interface NewestFirstOptions {
  from?: Date;
  to?: Date;
  now: Date;
  lookbackMonths: number;
  top: number;
  maxQueries: number;
  continuation?: string;
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function readContinuation(value: string): { m: string; c?: string } {
  try {
    const state = JSON.parse(value) as { m?: unknown; c?: unknown };
    if (typeof state.m === 'string' && /^\d{4}-\d{2}$/.test(state.m) && (state.c === undefined || typeof state.c === 'string')) return state as { m: string; c?: string };
  } catch {
    // falls through to the refusal below
  }
  throw new Failure('invalidRequest', 'The $skiptoken is invalid, expired or does not belong to this query.');
}

function toRow(entry: AuditEntry) {
  return {
    partitionKey: monthPartition(entry.activityAt),
    rowKey: invertedRowKey(entry.activityAt, entry.id),
    id: entry.id,
    activityDisplayName: entry.activityDisplayName,
    category: entry.category,
    activityAt: entry.activityAt,
    initiatedBy: jsonColumn.write(entry.initiatedBy),
    targetResources: jsonColumn.write(entry.targetResources),
    result: entry.result,
    ...(entry.resultReason ? { resultReason: entry.resultReason } : {}),
    ...(entry.correlationId ? { correlationId: entry.correlationId } : {}),
  };
}

/**
 * By-id pointers live in the entry's own month partition (RowKey `~id|<id>`, after every inverted
 * timestamp), so an entry and its pointer are written in one transaction and month scans stop
 * before them (`RowKey lt '~'`).
 */
const POINTER = '~id|';
const pointerOf = (entry: AuditEntry) => ({ partitionKey: monthPartition(entry.activityAt), rowKey: `${POINTER}${entry.id}`, entryRowKey: invertedRowKey(entry.activityAt, entry.id) });

export function createTableAuditLog(table: TableClient): AuditLog & AuditReader {
  const append = async (entry: AuditEntry) => {
    await transact(table, [['create', toRow(entry)], ['upsert', pointerOf(entry), 'Replace']], 'An audit entry with this id already exists.');
  };
  return {
    append,
    async get(id, options) {
      // One point read per month of the retention window, in parallel: bounded, whatever the log's size.
      const months: string[] = [];
      for (let m = monthPartition(options.now); months.length <= options.lookbackMonths; m = previousMonth(m)) months.push(m);
      const read = async (month: string) => {
        try {
          const pointer = await table.getEntity<{ entryRowKey: string }>(month, `${POINTER}${id}`);
          return toEntry(auditRow.parse(await table.getEntity<Record<string, unknown>>(month, pointer.entryRowKey)));
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode === 404) return undefined;
          throw error;
        }
      };
      return (await Promise.all(months.map(read))).find((entry) => entry !== undefined);
    },
    async appendAll(entries) {
      if (entries.length <= 1) return entries[0] && append(entries[0]);
      // Entries of one month share a partition: one transaction (all or none) per month.
      const byMonth = new Map<string, TransactionAction[]>();
      for (const entry of entries) {
        const row = toRow(entry);
        byMonth.set(row.partitionKey, [...(byMonth.get(row.partitionKey) ?? []), ['create', row], ['upsert', pointerOf(entry), 'Replace']]);
      }
      if ([...byMonth.values()].some((actions) => actions.length > 100)) throw new TypeError('At most 50 audit entries of one month at once');
      await Promise.all([...byMonth.values()].map((actions) => transact(table, actions, 'An audit entry with this id already exists.')));
    },
    async listMonth(month, options) {
      const clauses = [`PartitionKey eq '${month.replace(/'/g, "''")}'`, `RowKey lt '~'`];
      // Inverted keys: a later time has a smaller key.
      if (options.to) clauses.push(`RowKey ge '${String(MAX_MS - options.to.getTime()).padStart(13, '0')}'`);
      if (options.from) clauses.push(`RowKey lt '${String(MAX_MS - options.from.getTime() + 1).padStart(13, '0')}'`);
      const page = await listRows(table, auditRow, 'audit entry', { filter: clauses.join(' and '), top: options.top, continuationToken: options.continuationToken });
      return { items: page.items.map(toEntry), continuationToken: page.continuationToken };
    },
    async listNewestFirst<T>(options: NewestFirstOptions, keep: (entry: AuditEntry) => T | undefined) {
      const { from, to, now } = options;
      const lastMonth = monthPartition(from ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - options.lookbackMonths, 1)));
      let month = monthPartition(to && to < now ? to : now);
      let continuation: string | undefined;
      if (options.continuation) ({ m: month, c: continuation } = readContinuation(options.continuation));
      const items: T[] = [];
      let queries = 0;
      while (month >= lastMonth) {
        if (items.length >= options.top || queries >= options.maxQueries) return { items, continuation: JSON.stringify({ m: month, c: continuation }) };
        queries++;
        const page = await this.listMonth(month, {
          top: options.top - items.length,
          ...(from && { from }),
          ...(to && { to }),
          ...(continuation && { continuationToken: continuation }),
        });
        for (const entry of page.items) {
          const item = keep(entry);
          if (item !== undefined) items.push(item);
        }
        continuation = page.continuationToken;
        if (!continuation) month = previousMonth(month);
      }
      return { items, continuation: undefined };
    },
  };
}


