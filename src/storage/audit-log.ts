import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { AuditEntry, AuditLog } from '../domain/audit';
import type { AuditIndexKey } from '../domain/audit-query';
import { Failure } from '../domain/errors';
import { encodeKey } from './keys';
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
  /**
   * Entries of one month, newest first, optionally bounded in time; page with the token. With
   * `index`, only entries having that key (read from the index rows, see `auditIndexKeysOf`).
   */
  listMonth(month: string, options: { from?: Date; to?: Date; top: number; continuationToken?: string; index?: AuditIndexKey }): Promise<Page<AuditEntry>>;
  /**
   * Entries newest first across month partitions, from `to` (or now) back to `from` (or
   * `lookbackMonths` before now), keeping what `keep` maps to an item. Stops after `top` items or
   * `maxQueries` table queries and returns where to go on; a continuation it did not write is a 400.
   */
  listNewestFirst<T>(options: NewestFirstOptions, keep: (entry: AuditEntry) => T | undefined): Promise<{ items: T[]; continuation: string | undefined }>;
}

export interface NewestFirstOptions {
  /**
   * A key every wanted entry has: months whose index is complete are read from the index rows
   * (only matching entries), older ones entry by entry. `keep` must still apply the whole filter.
   */
  index?: AuditIndexKey;
  from?: Date;
  to?: Date;
  now: Date;
  lookbackMonths: number;
  top: number;
  maxQueries: number;
  continuation?: string;
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** A month-by-month reader's continuation: the month it was in and the storage continuation there. */
export function readMonthContinuation(value: string): { m: string; c?: string } {
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
 * Filter index rows, in the entry's own month partition and written in the entry's transaction:
 * RowKey `~x|<index>|<key>|<inverted timestamp>|<id>` with a copy of the entry's columns (entries
 * never change, so a copy cannot go stale). A filter on an indexed property then reads one key
 * range per month, newest first, however many other entries the month holds. Keys are lower-cased,
 * encoded (`|` too) and cut at {@link MAX_INDEX_KEY} characters: the index narrows, the caller's
 * filter decides.
 *
 * Entries written before the index existed have no index rows, so a month is read from the index
 * only when complete: every transaction also upserts the month's marker row `~x!`, and a month is
 * complete when the previous month has its marker too (its first entry was written by this
 * version). Other months are read entry by entry, as before.
 */
const INDEX = '~x|';
const MARKER = '~x!';
const MAX_INDEX_KEY = 200;

export const auditIndexKey = (key: string): string => encodeKey(key.toLowerCase().slice(0, MAX_INDEX_KEY)).replace(/\|/g, '%7C');
const indexPrefix = (index: AuditIndexKey): string => `${INDEX}${index.name}|${auditIndexKey(index.key)}|`;

/** The index keys an entry has. */
export function auditIndexKeysOf(entry: AuditEntry): AuditIndexKey[] {
  const keys: AuditIndexKey[] = [{ name: 'activity', key: entry.activityDisplayName }, { name: 'category', key: entry.category }];
  if (entry.initiatedBy.kind === 'user') keys.push({ name: 'user', key: entry.initiatedBy.id });
  if (entry.initiatedBy.kind === 'app') keys.push({ name: 'app', key: entry.initiatedBy.appId });
  if (entry.correlationId) keys.push({ name: 'correlation', key: entry.correlationId });
  for (const target of entry.targetResources) if (target.id) keys.push({ name: 'target', key: target.id });
  const seen = new Set<string>();
  return keys.filter((k) => k.key !== '' && !seen.has(indexPrefix(k)) && seen.add(indexPrefix(k)));
}

function indexRowsOf(entry: AuditEntry) {
  const row = toRow(entry);
  const time = row.rowKey;
  return auditIndexKeysOf(entry).map((k) => ({ ...row, rowKey: `${indexPrefix(k)}${time}` }));
}

/** Every action of one entry: the entry, its by-id pointer and its index rows. */
function entryActions(entry: AuditEntry): TransactionAction[] {
  return [['create', toRow(entry)], ['upsert', pointerOf(entry), 'Replace'], ...indexRowsOf(entry).map((row): TransactionAction => ['upsert', row, 'Replace'])];
}

const markerOf = (month: string): TransactionAction => ['upsert', { partitionKey: month, rowKey: MARKER }, 'Merge'];

/**
 * By-id pointers live in the entry's own month partition (RowKey `~id|<id>`, after every inverted
 * timestamp), so an entry and its pointer are written in one transaction and month scans stop
 * before them (`RowKey lt '~'`).
 */
const POINTER = '~id|';
const pointerOf = (entry: AuditEntry) => ({ partitionKey: monthPartition(entry.activityAt), rowKey: `${POINTER}${entry.id}`, entryRowKey: invertedRowKey(entry.activityAt, entry.id) });

export function createTableAuditLog(table: TableClient): AuditLog & AuditReader {
  const append = async (entry: AuditEntry) => {
    await transact(table, [...entryActions(entry), markerOf(monthPartition(entry.activityAt))], 'An audit entry with this id already exists.');
  };
  // Months known complete (see AuditIndexName): a month never becomes incomplete again.
  const complete = new Set<string>();
  const hasMarker = async (month: string): Promise<boolean> => {
    try {
      await table.getEntity(month, MARKER, { queryOptions: { select: ['PartitionKey'] } });
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  };
  const isComplete = async (month: string): Promise<boolean> => {
    if (complete.has(month)) return true;
    const [own, previous] = await Promise.all([hasMarker(month), hasMarker(previousMonth(month))]);
    if (own && previous) complete.add(month);
    return own && previous;
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
        const month = monthPartition(entry.activityAt);
        byMonth.set(month, [...(byMonth.get(month) ?? [markerOf(month)]), ...entryActions(entry)]);
      }
      if ([...byMonth.values()].some((actions) => actions.length > 100)) throw new TypeError('Too many audit entries of one month at once (100 rows with their pointers and index rows)');
      await Promise.all([...byMonth.values()].map((actions) => transact(table, actions, 'An audit entry with this id already exists.')));
    },
    async listMonth(month, options) {
      const prefix = options.index ? indexPrefix(options.index) : '';
      const q = (text: string) => `'${text.replace(/'/g, "''")}'`;
      const clauses = [`PartitionKey eq ${q(month)}`, options.index ? `RowKey ge ${q(prefix)} and RowKey lt ${q(`${prefix}~`)}` : `RowKey lt '~'`];
      // Inverted keys: a later time has a smaller key.
      if (options.to) clauses.push(`RowKey ge ${q(prefix + String(MAX_MS - options.to.getTime()).padStart(13, '0'))}`);
      if (options.from) clauses.push(`RowKey lt ${q(prefix + String(MAX_MS - options.from.getTime() + 1).padStart(13, '0'))}`);
      const page = await listRows(table, auditRow, 'audit entry', { filter: clauses.join(' and '), top: options.top, continuationToken: options.continuationToken });
      return { items: page.items.map(toEntry), continuationToken: page.continuationToken };
    },
    async listNewestFirst<T>(options: NewestFirstOptions, keep: (entry: AuditEntry) => T | undefined) {
      const { from, to, now } = options;
      const lastMonth = monthPartition(from ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - options.lookbackMonths, 1)));
      let month = monthPartition(to && to < now ? to : now);
      let continuation: string | undefined;
      if (options.continuation) ({ m: month, c: continuation } = readMonthContinuation(options.continuation));
      const items: T[] = [];
      let queries = 0;
      while (month >= lastMonth) {
        if (items.length >= options.top || queries >= options.maxQueries) return { items, continuation: JSON.stringify({ m: month, c: continuation }) };
        queries++;
        const index = options.index && (await isComplete(month)) ? options.index : undefined;
        const page = await this.listMonth(month, {
          top: options.top - items.length,
          ...(index && { index }),
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


