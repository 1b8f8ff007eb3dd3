import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { SIGN_IN_RETENTION_MONTHS, type SignInLog, type SignInQuery, type SignInRecord } from '../domain/sign-in/ports';
import { REFUSAL_REASONS, type SignInRefusal } from '../domain/sign-in/sign-in-policy';
import { invertedRowKey, monthPartition, previousMonth, readMonthContinuation } from './audit-log';
import { listRows, transact } from './table-kit';

/**
 * Sign-in attempts in table `SignInLogs`, keyed like the directory audits: partition = month
 * (`2026-12`), row = inverted timestamp + id, so a month reads newest first and a time range is a
 * key range. `userId`, `appId` and `errorCode` are columns the table filters on itself, so a page
 * costs the rows it returns, not the log's size. Every month with entries has a row in partition
 * `~months` (written before its first entry): the retention sweep reads that short list and
 * deletes whole months past the window, never scanning the log for old entries.
 */
const MAX_MS = 9_999_999_999_999;
const MONTHS = '~months';

const signInRow = z.object({
  id: z.string(),
  createdAt: z.coerce.date(),
  userId: z.string().nullable().optional(),
  userDisplayName: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  appId: z.string(),
  appDisplayName: z.string().nullable().optional(),
  ipAddress: z.string(),
  clientAppUsed: z.string(),
  identityProvider: z.string().nullable().optional(),
  refusal: z.string().nullable().optional(),
});
const keysRow = z.object({ partitionKey: z.string(), rowKey: z.string() });

const toRecord = (row: z.infer<typeof signInRow>): SignInRecord => ({
  id: row.id,
  createdAt: row.createdAt,
  userId: row.userId ?? null,
  userDisplayName: row.userDisplayName ?? null,
  userPrincipalName: row.userPrincipalName ?? null,
  appId: row.appId,
  appDisplayName: row.appDisplayName ?? null,
  ipAddress: row.ipAddress,
  clientAppUsed: row.clientAppUsed,
  identityProvider: row.identityProvider ?? null,
  refusal: (row.refusal ?? null) as SignInRefusal | null,
});

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
const timeKey = (at: Date, adjust = 0) => String(MAX_MS - at.getTime() + adjust).padStart(13, '0');

/** The first month a query reads back to: the retention window, or the lower time bound when later. */
export function oldestMonth(now: Date, from: Date | undefined): string {
  const window = monthPartition(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (SIGN_IN_RETENTION_MONTHS - 1), 1)));
  const bound = from ? monthPartition(from) : window;
  return bound > window ? bound : window;
}

function monthFilter(month: string, query: SignInQuery): string {
  const clauses = [`PartitionKey eq ${quote(month)}`];
  // Inverted keys: a later time has a smaller key.
  if (query.to) clauses.push(`RowKey ge '${timeKey(query.to)}'`);
  if (query.from) clauses.push(`RowKey lt '${timeKey(query.from, 1)}'`);
  if (query.userId !== undefined) clauses.push(`userId eq ${quote(query.userId.toLowerCase())}`);
  if (query.appId !== undefined) clauses.push(`appId eq ${quote(query.appId.toLowerCase())}`);
  if (query.errorCode !== undefined) clauses.push(`errorCode eq ${Math.trunc(query.errorCode)}`);
  return clauses.join(' and ');
}

export function createTableSignInLog(table: TableClient): SignInLog {
  const registered = new Set<string>();
  return {
    async append(record) {
      const month = monthPartition(record.createdAt);
      if (!registered.has(month)) {
        await table.upsertEntity({ partitionKey: MONTHS, rowKey: month }, 'Replace');
        registered.add(month);
      }
      // Table Storage keeps no nulls: absent columns read back as null. Ids are kept lower-case, so filters match exactly.
      const columns = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null));
      await table.createEntity({
        partitionKey: month,
        rowKey: invertedRowKey(record.createdAt, record.id),
        ...columns,
        ...(record.userId ? { userId: record.userId.toLowerCase() } : {}),
        appId: record.appId.toLowerCase(),
        createdAt: record.createdAt.toISOString(),
        errorCode: record.refusal ? REFUSAL_REASONS[record.refusal].errorCode : 0,
      });
    },
    async list<T>(query: SignInQuery, keep: (record: SignInRecord) => T | undefined) {
      const last = oldestMonth(query.now, query.from);
      let month = monthPartition(query.to && query.to < query.now ? query.to : query.now);
      let continuation: string | undefined;
      if (query.continuation) ({ m: month, c: continuation } = readMonthContinuation(query.continuation));
      const items: T[] = [];
      let queries = 0;
      while (month >= last) {
        if (items.length >= query.top || queries >= query.maxQueries) return { items, continuation: JSON.stringify({ m: month, c: continuation }) };
        queries++;
        const page = await listRows(table, signInRow, 'sign-in', { filter: monthFilter(month, query), top: query.top - items.length, continuationToken: continuation });
        for (const row of page.items) {
          const item = keep(toRecord(row));
          if (item !== undefined) items.push(item);
        }
        continuation = page.continuationToken;
        if (!continuation) month = previousMonth(month);
      }
      return { items, continuation: undefined };
    },
    async deleteMonthsBefore(beforeMonth, limit) {
      const months = await listRows(table, keysRow, 'sign-in month', { filter: `PartitionKey eq '${MONTHS}' and RowKey lt ${quote(beforeMonth)}`, select: ['PartitionKey', 'RowKey'], top: 100 });
      let removed = 0;
      for (const { rowKey: month } of months.items) {
        for (;;) {
          if (removed >= limit) return removed;
          const rows = await listRows(table, keysRow, 'sign-in', { filter: `PartitionKey eq ${quote(month)}`, select: ['PartitionKey', 'RowKey'], top: Math.min(100, limit - removed) });
          if (rows.items.length === 0) break;
          await transact(table, rows.items.map((r) => ['delete', { partitionKey: r.partitionKey, rowKey: r.rowKey }]));
          removed += rows.items.length;
        }
        await table.deleteEntity(MONTHS, month).catch(() => undefined);
        registered.delete(month);
      }
      return removed;
    },
  };
}
