import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { PortalSession, SessionStore } from '../domain/entitlement/portal/ports';
import { deleteExpiredRows, isoBefore } from './expired-rows';
import { deleteRow, insertRow, readRow } from './table-kit';

/** Portal sessions in table `PortalSessions`: PartitionKey = the token's SHA-256 hash, RowKey ''. */
const sessionRow = z.object({ email: z.string(), createdAt: z.string(), expiresAt: z.string(), federatedIssuer: z.string().optional(), federatedSubject: z.string().optional() });

export function createTableSessionStore(table: TableClient): SessionStore {
  return {
    async insert(session: PortalSession) {
      const { tokenHash, federated, ...columns } = session;
      const proof = federated ? { federatedIssuer: federated.issuer, federatedSubject: federated.subject } : {};
      await insertRow(table, { partitionKey: tokenHash, rowKey: '', ...columns, ...proof }, 'A session with this token already exists.');
    },
    async read(tokenHash) {
      const stored = await readRow(table, sessionRow, 'portal session', tokenHash, '');
      if (!stored) return undefined;
      const { federatedIssuer, federatedSubject, ...columns } = stored.value;
      return { tokenHash, ...columns, ...(federatedIssuer && federatedSubject ? { federated: { issuer: federatedIssuer, subject: federatedSubject } } : {}) };
    },
    async remove(tokenHash) {
      await deleteRow(table, tokenHash, '');
    },
    deleteExpired: (before, limit) => deleteExpiredRows(table, isoBefore('expiresAt', before), limit),
  };
}
