import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { PasscodeStore, StoredPasscode } from '../domain/entitlement/portal/ports';
import { hashSecret } from '../domain/secrets';
import { deleteExpiredRows, isoBefore } from './expired-rows';
import { deleteRow, readRow, updateRow } from './table-kit';

/**
 * Passcodes in table `PortalPasscodes`: one row per address, PartitionKey = SHA-256 of the
 * lower-cased address (keys stay short and free of characters tables refuse), RowKey ''.
 */
const passcodeRow = z.object({
  email: z.string(),
  codeHash: z.string(),
  salt: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  attemptsLeft: z.number().int(),
});

const keyOf = (email: string) => hashSecret(email.toLowerCase());
const rowOf = (p: StoredPasscode) => ({ partitionKey: keyOf(p.email), rowKey: '', ...p });

export function createTablePasscodeStore(table: TableClient): PasscodeStore {
  return {
    async read(email) {
      const stored = await readRow(table, passcodeRow, 'portal passcode', keyOf(email), '');
      return stored && { value: { ...stored.value }, etag: stored.etag };
    },
    async put(passcode) {
      // A new code replaces the previous one whatever state it was in: an unconditional write is the intent.
      await table.upsertEntity(rowOf(passcode), 'Replace');
    },
    async replace(passcode, etag) {
      await updateRow(table, rowOf(passcode), etag);
    },
    async remove(email, etag) {
      await deleteRow(table, keyOf(email), '', etag);
    },
    deleteExpired: (before, limit) => deleteExpiredRows(table, isoBefore('expiresAt', before), limit),
  };
}
