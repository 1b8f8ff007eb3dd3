import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { SignInLog, SignInRecord } from '../domain/sign-in/ports';
import type { SignInRefusal } from '../domain/sign-in/sign-in-policy';
import { invertedRowKey, monthPartition } from './audit-log';
import { listRows } from './table-kit';

/**
 * Sign-in attempts in table `SignInLogs`, keyed like the directory audits: partition `signins`,
 * row = inverted timestamp + id, so a page reads newest first. `createdMonth` lets the retention
 * sweep delete whole months.
 */
const PARTITION = 'signins';
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

export function createTableSignInLog(table: TableClient): SignInLog {
  return {
    async append(record) {
      // Table Storage keeps no nulls: absent columns read back as null.
      const columns = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null));
      await table.createEntity({ partitionKey: PARTITION, rowKey: invertedRowKey(record.createdAt, record.id), ...columns, createdAt: record.createdAt.toISOString(), createdMonth: monthPartition(record.createdAt) });
    },
    async list(page) {
      const found = await listRows(table, signInRow, 'sign-in', { filter: `PartitionKey eq '${PARTITION}'`, top: page.top, continuationToken: page.continuationToken });
      return { items: found.items.map(toRecord), continuationToken: found.continuationToken };
    },
  };
}
