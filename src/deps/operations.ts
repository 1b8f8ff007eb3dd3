/**
 * The composition root's operations side: the table export (backups) and the housekeeping sweeps
 * the timers run, wired to this instance's storage and settings.
 */
import type { BackupManifest } from '../storage/backup-format';
import { sweepPendingMemberships } from '../storage/membership-sweep';
import { sweepRateLimits } from '../storage/rate-limit-sweep';
import { exportTables } from '../storage/table-export';
import { settings, storage } from './core';

/** Exports every table to BACKUP_CONTAINER now (full or incremental) and applies the retention. */
export async function exportTablesNow(log: (event: string, fields: Record<string, unknown>) => void): Promise<BackupManifest & { deleted: string[] }> {
  const s = settings();
  const blobs = await storage().blobService();
  return exportTables(
    { table: (name) => storage().table(name), container: blobs.getContainerClient(s.BACKUP_CONTAINER), now: () => new Date(), log },
    { retentionDays: s.BACKUP_RETENTION_DAYS, fullEveryDays: s.BACKUP_FULL_EVERY_DAYS },
  );
}

/** Deletes rate-limit rows idle for a day. */
export const sweepIdleRateLimits = (now: Date) => sweepRateLimits(storage().table('RateLimits'), now);

/** Settles membership and ownership index rows a crash left pending (both tables share the layout). */
export async function sweepStalePendingMemberships(now: Date): Promise<Record<'GroupMemberships' | 'GroupOwners', { deleted: number; settled: number }>> {
  return {
    GroupMemberships: await sweepPendingMemberships(storage().table('GroupMemberships'), now),
    GroupOwners: await sweepPendingMemberships(storage().table('GroupOwners'), now),
  };
}
