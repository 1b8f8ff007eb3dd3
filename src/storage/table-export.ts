import type { TableClient } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import {
  BACKUP_FORMAT_VERSION, blobErrorOf, exportIdOf, keysName, latestManifest, listExportIds, manifestName, readManifest, rowsName, uploadLines,
  type BackupManifest, type ExportedRow, type TypedValue,
} from './backup-format';
import { odataString } from './keys';
import { TABLES, type TableName } from './names';

export interface TableExportDeps {
  table(name: TableName): TableClient;
  container: ContainerClient;
  now(): Date;
  log(event: string, fields: Record<string, unknown>): void;
}

export interface TableExportOptions {
  /** Exports older than this are deleted (with the full export the oldest kept one needs). */
  retentionDays: number;
  /** A full export when the last full one is this old; incremental ones in between. */
  fullEveryDays: number;
}

/**
 * Rows changed this long before the previous export started are exported again: Table Storage
 * stamps `Timestamp` with the service's clock, not ours, and a write in flight while the previous
 * export read its table may carry an earlier stamp than the moment it became visible.
 */
const OVERLAP_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const TABLES_AT_ONCE = 4;

/**
 * Exports every table to the backup container (layout in backup-format.ts): a full export when
 * none exists or the last full one is `fullEveryDays` old, otherwise the rows changed since the
 * previous export plus every table's keys (what lets a restore see deletions). The manifest is
 * written last, so a crash leaves an incomplete folder that restores and later exports ignore.
 * Then exports past the retention are deleted, oldest first, never the full export a kept one
 * builds on; an export under an immutability policy stays until the policy lets it go.
 * Running it twice at once makes two valid exports, not a broken one.
 */
export async function exportTables(deps: TableExportDeps, options: TableExportOptions): Promise<BackupManifest & { deleted: string[] }> {
  await deps.container.createIfNotExists();
  const ids = await listExportIds(deps.container);
  const previous = await latestManifest(deps.container, ids);
  const lastFull = previous && (previous.kind === 'full' ? previous : await readManifest(deps.container, previous.fullId));
  const started = deps.now();
  const id = exportIdOf(started);
  const full = !previous || !lastFull || started.getTime() - Date.parse(lastFull.startedAt) >= options.fullEveryDays * DAY_MS;
  const since = full ? undefined : new Date(Date.parse(previous!.startedAt) - OVERLAP_MS).toISOString();

  const tables: BackupManifest['tables'] = {};
  const queue = [...TABLES];
  // A few tables at a time: most are small, and each is a scan plus two uploads.
  await Promise.all(Array.from({ length: TABLES_AT_ONCE }, async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const client = deps.table(name);
      const rows = await uploadLines(deps.container, rowsName(id, name), readRows(client, since));
      const keys = await uploadLines(deps.container, keysName(id, name), readKeys(client));
      tables[name] = { rows, keys };
    }
  }));
  const manifest: BackupManifest = {
    formatVersion: BACKUP_FORMAT_VERSION,
    id,
    kind: full ? 'full' : 'incremental',
    fullId: full ? id : lastFull!.id,
    ...(full ? {} : { previousId: previous!.id, since }),
    startedAt: started.toISOString(),
    completedAt: deps.now().toISOString(),
    tables,
  };
  const body = JSON.stringify(manifest, null, 2);
  await deps.container.getBlockBlobClient(manifestName(id)).upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  const deleted = await applyRetention(deps, [...ids, id], started, options.retentionDays);
  return { ...manifest, deleted };
}

async function* readRows(client: TableClient, since: string | undefined): AsyncIterable<ExportedRow> {
  const queryOptions = since ? { filter: `Timestamp ge datetime${odataString(since)}` } : {};
  for await (const entity of client.listEntities<Record<string, unknown>>({ disableTypeConversion: true, queryOptions })) {
    const { partitionKey, rowKey, etag: _etag, timestamp: _timestamp, ...rest } = entity;
    yield { PartitionKey: String(partitionKey), RowKey: String(rowKey), properties: rest as Record<string, TypedValue> };
  }
}

async function* readKeys(client: TableClient): AsyncIterable<[string, string]> {
  for await (const entity of client.listEntities({ queryOptions: { select: ['PartitionKey', 'RowKey'] } })) {
    yield [String(entity.partitionKey), String(entity.rowKey)];
  }
}

/** Deletes exports older than the retention, keeping the full export the oldest kept one needs. */
async function applyRetention(deps: TableExportDeps, ids: readonly string[], now: Date, retentionDays: number): Promise<string[]> {
  const cutoff = exportIdOf(new Date(now.getTime() - retentionDays * DAY_MS));
  const kept = ids.filter((id) => id >= cutoff);
  let keepFrom = cutoff;
  for (const id of kept) {
    const manifest = await readManifest(deps.container, id);
    if (manifest) {
      keepFrom = manifest.fullId < keepFrom ? manifest.fullId : keepFrom;
      break;
    }
  }
  const deleted: string[] = [];
  for (const id of ids.filter((i) => i < keepFrom)) {
    try {
      // The manifest first: a half-deleted export is then an incomplete one, never a wrong one.
      for (const name of [manifestName(id)]) await deps.container.deleteBlob(name, { deleteSnapshots: 'include' }).catch(ignoreMissing);
      for await (const blob of deps.container.listBlobsFlat({ prefix: `${id}/` })) await deps.container.deleteBlob(blob.name, { deleteSnapshots: 'include' }).catch(ignoreMissing);
      deleted.push(id);
    } catch (error) {
      // Immutable storage refuses deletion (409) until the policy's period is over: kept, tried again next run.
      deps.log('backupRetentionSkipped', { id, reason: describeBlobError(error) });
      break;
    }
  }
  return deleted;
}

function ignoreMissing(error: unknown): void {
  if (blobErrorOf(error)?.statusCode !== 404) throw error;
}

function describeBlobError(error: unknown): string {
  const blob = blobErrorOf(error);
  return blob ? `${blob.statusCode} ${blob.code ?? ''}` : String(error);
}
