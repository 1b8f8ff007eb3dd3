import { RestError, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { IDENTITY_KEY_PREFIX, uniqueAddressesOf } from '../domain/users/user';
import { encodeKey } from './keys';
import { readRow } from './table-kit';
import { USER_ROW_KEY, fromUserRow } from './user-rows';

/**
 * Layout of the `UserAddresses` table, the uniqueness index: PartitionKey = encodeKey(lower-cased
 * address) (UPN, mail or one of otherMails; guest UPNs carry '#'), RowKey = `address`, columns
 * `userId`, `claimedAt`. `createEntity` on an existing key fails, which is what makes two concurrent
 * claims of one address end with one winner.
 *
 * The index and the user live in different partitions, so writes go claim-first-then-commit: a
 * claim is only a reservation until the user row holding the address exists. Readers check the
 * user row (findUserByEmail), so an unfinished claim is never visible. A claim whose user does not
 * hold the address is stale once older than {@link CLAIM_LEASE_MS} (a crash between the writes) and
 * the next claimant takes it over: that is the repair path.
 */
export const ADDRESS_ROW_KEY = 'address';
/** How long an unfinished claim blocks others: longer than any request, short enough to repair. */
export const CLAIM_LEASE_MS = 2 * 60_000;

const addressRow = z.object({ userId: z.string(), claimedAt: z.coerce.date() });

const status = (error: unknown) => (error instanceof RestError ? error.statusCode : undefined);

export interface AddressIndex {
  lookup(address: string): Promise<string | undefined>;
  /** Reserves `address` for `userId`; `conflict` when a live holder or a fresh claim has it. */
  claim(address: string, userId: string, now: Date): Promise<void>;
  /** Drops `userId`'s reservation of `address` (idempotent; leaves another user's claim alone). */
  release(address: string, userId: string): Promise<void>;
}

export function createAddressIndex(index: TableClient, users: TableClient): AddressIndex {
  async function holderHolds(userId: string, address: string): Promise<boolean> {
    try {
      const row = await users.getEntity<Record<string, unknown>>(userId.toLowerCase(), USER_ROW_KEY);
      return uniqueAddressesOf(fromUserRow(row).user).includes(address);
    } catch (error) {
      if (status(error) === 404) return false;
      throw error;
    }
  }

  return {
    async lookup(address) {
      const row = await readRow(index, addressRow, 'address', encodeKey(address.toLowerCase()), ADDRESS_ROW_KEY);
      return row?.value.userId;
    },

    async claim(address, userId, now) {
      const key = encodeKey(address.toLowerCase());
      const taken = address.startsWith(IDENTITY_KEY_PREFIX)
        ? new Failure('conflict', 'Another object with the same value for property identities already exists.', {
            details: [{ target: 'identities', message: `issuer and issuerAssignedId already belong to another user: '${address.slice(IDENTITY_KEY_PREFIX.length)}'` }],
          })
        : new Failure('conflict', `Another object with the same value for property proxyAddresses already exists: '${address}'.`, {
            details: [{ target: address, message: 'already in use' }],
          });
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await index.createEntity({ partitionKey: key, rowKey: ADDRESS_ROW_KEY, userId, claimedAt: now });
          return;
        } catch (error) {
          if (status(error) !== 409) throw error;
        }
        const existing = await readRow(index, addressRow, 'address', key, ADDRESS_ROW_KEY);
        if (!existing) continue;
        if (existing.value.userId === userId) return;
        if (await holderHolds(existing.value.userId, address.toLowerCase())) throw taken;
        if (now.getTime() - existing.value.claimedAt.getTime() < CLAIM_LEASE_MS) throw taken;
        try {
          await index.deleteEntity(key, ADDRESS_ROW_KEY, { etag: existing.etag });
        } catch (error) {
          if (status(error) !== 404 && status(error) !== 412) throw error;
        }
      }
      throw taken;
    },

    async release(address, userId) {
      const key = encodeKey(address.toLowerCase());
      const existing = await readRow(index, addressRow, 'address', key, ADDRESS_ROW_KEY);
      if (!existing || existing.value.userId !== userId) return;
      try {
        await index.deleteEntity(key, ADDRESS_ROW_KEY, { etag: existing.etag });
      } catch (error) {
        if (status(error) !== 404 && status(error) !== 412) throw error;
      }
    },
  };
}
