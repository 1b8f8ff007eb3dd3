import { PassThrough, Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';

/**
 * The layout of table exports in the backup container, shared by the export timer and the restore
 * command. One folder per export run, named by its start time so names sort by age:
 *
 *   <id>/manifest.json          written last: an export without one is incomplete and ignored
 *   <id>/rows/<Table>.jsonl.gz  the rows (all of them in a full export; in an incremental one the
 *                               rows whose Timestamp is at or after `since`), one JSON object per
 *                               line: PartitionKey, RowKey and every property as {value, type}
 *                               exactly as Table Storage types it (Int64, DateTime, Binary, …)
 *   <id>/keys/<Table>.jsonl.gz  every [PartitionKey, RowKey] the table held at the export (both
 *                               kinds): what lets a restore drop rows deleted since the full export
 */
export const BACKUP_FORMAT_VERSION = 1;

export const manifestSchema = z.object({
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  id: z.string(),
  kind: z.enum(['full', 'incremental']),
  /** The full export this one builds on (itself for a full one). */
  fullId: z.string(),
  /** The export just before (undefined for a full one): a restore needs the whole chain. */
  previousId: z.string().optional(),
  /** Rows changed at or after this time are in an incremental export. */
  since: z.string().optional(),
  startedAt: z.string(),
  completedAt: z.string(),
  tables: z.record(z.string(), z.object({ rows: z.number().int(), keys: z.number().int() })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** A property as Table Storage types it; `disableTypeConversion` reads give exactly this. */
export type TypedValue = { value: string; type: string };
export interface ExportedRow {
  PartitionKey: string;
  RowKey: string;
  properties: Record<string, TypedValue>;
}

/** Export ids: the start time, sortable as text (`2026-12-07T15-33-05-123Z`). */
export const exportIdOf = (at: Date): string => at.toISOString().replace(/[:.]/g, '-');
export const manifestName = (id: string) => `${id}/manifest.json`;
export const rowsName = (id: string, table: string) => `${id}/rows/${table}.jsonl.gz`;
export const keysName = (id: string, table: string) => `${id}/keys/${table}.jsonl.gz`;

/** Streams JSON lines, gzipped, into a block blob; resolves with the number of lines written. */
export async function uploadLines(container: ContainerClient, name: string, lines: AsyncIterable<unknown>): Promise<number> {
  const gzip = createGzip();
  const upload = container.getBlockBlobClient(name).uploadStream(gzip.pipe(new PassThrough()), 4 * 1024 * 1024, 2, {
    blobHTTPHeaders: { blobContentType: 'application/x-ndjson', blobContentEncoding: 'gzip' },
  });
  let count = 0;
  try {
    for await (const line of lines) {
      if (!gzip.write(`${JSON.stringify(line)}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
      count++;
    }
  } finally {
    gzip.end();
  }
  await upload;
  return count;
}

/** Reads a gzipped JSON-lines blob line by line. */
export async function* downloadLines(container: ContainerClient, name: string): AsyncIterable<unknown> {
  const response = await container.getBlockBlobClient(name).download();
  const body = response.readableStreamBody;
  if (!body) throw new Error(`Backup blob ${name} has no body`);
  const lines = createInterface({ input: (body as Readable).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as unknown;
}

/** The ids of every export folder in the container (complete or not), oldest first. */
export async function listExportIds(container: ContainerClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of container.listBlobsByHierarchy('/')) if (item.kind === 'prefix') ids.push(item.name.replace(/\/$/, ''));
  return ids.sort();
}

/** An export's manifest, or undefined while the export is incomplete (or was never made). */
export async function readManifest(container: ContainerClient, id: string): Promise<BackupManifest | undefined> {
  try {
    const text = (await container.getBlockBlobClient(manifestName(id)).downloadToBuffer()).toString('utf8');
    return manifestSchema.parse(JSON.parse(text));
  } catch (error) {
    if (blobErrorOf(error)?.statusCode === 404) return undefined;
    throw error;
  }
}

/** The newest complete export, if any. */
export async function latestManifest(container: ContainerClient, ids?: readonly string[]): Promise<BackupManifest | undefined> {
  for (const id of [...(ids ?? (await listExportIds(container)))].reverse()) {
    const manifest = await readManifest(container, id);
    if (manifest) return manifest;
  }
  return undefined;
}

/**
 * The status and code of a blob SDK error. Checked by shape, not `instanceof`: the blob SDK is
 * imported on demand (as ESM under tsc, as a bundle chunk when deployed), so its `RestError` class
 * need not be the one a static import would see.
 */
export function blobErrorOf(error: unknown): { statusCode: number | undefined; code: string | undefined } | undefined {
  if (!(error instanceof Error) || error.name !== 'RestError') return undefined;
  const e = error as Error & { statusCode?: unknown; code?: unknown };
  return { statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined, code: typeof e.code === 'string' ? e.code : undefined };
}
