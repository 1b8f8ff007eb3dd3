import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import type { OptOutStore } from '../domain/invitations/opt-out';
import { encodeKey } from './keys';
import { deleteRow, insertRow, readRow } from './table-kit';

const OPT_OUT_ROW = 'optOut';
const optOutRow = z.object({ partitionKey: z.string(), rowKey: z.string() });

/**
 * Blocked addresses in table `InvitationOptOuts`: one row per lower-cased address (PartitionKey =
 * the encoded address), so the invitation's check is one point read. Blocking inserts (a second
 * block keeps the first row and its time); allowing deletes.
 */
export function createTableOptOutStore(table: TableClient): OptOutStore {
  return {
    async isOptedOut(normalizedAddress) {
      return (await readRow(table, optOutRow, 'invitation opt-out', encodeKey(normalizedAddress), OPT_OUT_ROW)) !== undefined;
    },
    async block(normalizedAddress, at) {
      try {
        await insertRow(table, { partitionKey: encodeKey(normalizedAddress), rowKey: OPT_OUT_ROW, blockedAt: at }, 'already blocked');
      } catch (error) {
        if (!(error instanceof Failure && error.code === 'conflict')) throw error;
      }
    },
    async allow(normalizedAddress) {
      await deleteRow(table, encodeKey(normalizedAddress), OPT_OUT_ROW);
    },
  };
}
