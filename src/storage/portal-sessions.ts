import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { PortalSession, SessionStore } from '../domain/entitlement/portal/ports';
import { deleteExpiredRows, isoBefore } from './expired-rows';
import { deleteRow, insertRow, readRow } from './table-kit';

/** Portal sessions in table `PortalSessions`: PartitionKey = the token's SHA-256 hash, RowKey ''. */
const sessionRow = z.object({ email: z.string(), createdAt: z.string(), expiresAt: z.string() });

export function createTableSessionStore(table: TableClient): SessionStore {
  return {
    async insert(session: PortalSession) {
      const { tokenHash, ...columns } = session;
      await insertRow(table, { partitionKey: tokenHash, rowKey: '', ...columns }, 'A session with this token already exists.');
    },
    async read(tokenHash) {
      const stored = await readRow(table, sessionRow, 'portal session', tokenHash, '');
      return stored && { tokenHash, ...stored.value };
    },
    async remove(tokenHash) {
      await deleteRow(table, tokenHash, '');
    },
    deleteExpired: (before, limit) => deleteExpiredRows(table, isoBefore('expiresAt', before), limit),
  };
}
