import { RestError, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import { downloadLines, keysName, latestManifest, listExportIds, readManifest, rowsName, type BackupManifest, type ExportedRow } from './backup-format';
import { TABLES } from './names';

export interface TableRestoreDeps {
  container: ContainerClient;
  table(name: string): TableClient;
  log(line: string): void;
}

export interface RestoreOutcome {
  exportId: string;
  /** The exports applied, full one first. */
  chain: string[];
  tables: Record<string, { rows: number; removed: number }>;
}

/** Entity group transactions: 100 operations and 4 MiB at most; kept well under the size. */
const BATCH_ROWS = 100;
const BATCH_CHARS = 2_000_000;
const keyOf = (pk: string, rk: string) => `${pk}\u0000${rk}`;

/**
 * Rebuilds the tables of an instance from an export (`'latest'` or an export id): the full export
 * it builds on, then every incremental one up to it in order (later rows win), then only the keys
 * the chosen export recorded, which drops rows deleted in between. The target must be empty
 * unless `force`, in which case rows it holds that the export does not are deleted. Each table is
 * held in memory while it is rebuilt.
 */
export async function restoreTables(deps: TableRestoreDeps, options: { exportId: string; force: boolean }): Promise<RestoreOutcome> {
  const ids = await listExportIds(deps.container);
  const target = options.exportId === 'latest' ? await latestManifest(deps.container, ids) : await readManifest(deps.container, options.exportId);
  if (!target) throw new Error(options.exportId === 'latest' ? 'The container holds no complete export.' : `No complete export ${options.exportId} (known: ${ids.join(', ') || 'none'}).`);
  const chain = await chainOf(deps.container, ids, target);

  const tableNames = [...new Set([...TABLES, ...Object.keys(target.tables)])].filter((name) => name in target.tables);
  for (const name of tableNames) {
    const client = deps.table(name);
    await client.createTable();
    if (!options.force && (await hasRows(client))) throw new Error(`Table ${name} of the target is not empty; restore into a fresh instance or pass --force.`);
  }

  const outcome: RestoreOutcome = { exportId: target.id, chain: chain.map((m) => m.id), tables: {} };
  for (const name of tableNames) {
    const rows = new Map<string, ExportedRow>();
    for (const manifest of chain) {
      for await (const line of downloadLines(deps.container, rowsName(manifest.id, name))) {
        const row = line as ExportedRow;
        rows.set(keyOf(row.PartitionKey, row.RowKey), row);
      }
    }
    const keep = new Set<string>();
    for await (const line of downloadLines(deps.container, keysName(target.id, name))) {
      const [pk, rk] = line as [string, string];
      keep.add(keyOf(pk, rk));
    }
    let missing = 0;
    for (const key of keep) if (!rows.has(key)) missing++;
    if (missing > 0) deps.log(`${name}: ${missing} row(s) listed by the export were not in its rows (written while it ran); the next export has them`);
    const restored = [...rows.entries()].filter(([key]) => keep.has(key)).map(([, row]) => row);
    const client = deps.table(name);
    const removed = options.force ? await removeOthers(client, keep) : 0;
    await writeRows(client, restored);
    outcome.tables[name] = { rows: restored.length, removed };
    deps.log(`${name}: ${restored.length} row(s)${removed ? `, ${removed} removed` : ''}`);
  }
  return outcome;
}

/** The full export and every incremental one up to `target`, checked to be unbroken. */
async function chainOf(container: ContainerClient, ids: readonly string[], target: BackupManifest): Promise<BackupManifest[]> {
  const chain: BackupManifest[] = [target];
  let current = target;
  while (current.kind === 'incremental') {
    const previous = current.previousId ? await readManifest(container, current.previousId) : undefined;
    if (!previous || previous.fullId !== target.fullId) {
      throw new Error(`Export ${current.id} builds on ${current.previousId ?? '?'}, which is missing or incomplete: restore an earlier complete chain (known: ${ids.join(', ')}).`);
    }
    chain.unshift(previous);
    current = previous;
  }
  return chain;
}

async function hasRows(client: TableClient): Promise<boolean> {
  const page = await client.listEntities({ queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 }).next();
  return !page.done && page.value.length > 0;
}

async function removeOthers(client: TableClient, keep: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  for await (const entity of client.listEntities({ queryOptions: { select: ['PartitionKey', 'RowKey'] } })) {
    if (keep.has(keyOf(String(entity.partitionKey), String(entity.rowKey)))) continue;
    try {
      await client.deleteEntity(String(entity.partitionKey), String(entity.rowKey));
      removed++;
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 404)) throw error;
    }
  }
  return removed;
}

/** Upserts rows partition by partition in transactions, with their types as exported. */
async function writeRows(client: TableClient, rows: readonly ExportedRow[]): Promise<void> {
  const byPartition = new Map<string, ExportedRow[]>();
  for (const row of rows) {
    const partition = byPartition.get(row.PartitionKey);
    if (partition) partition.push(row);
    else byPartition.set(row.PartitionKey, [row]);
  }
  for (const partition of byPartition.values()) {
    let batch: TransactionAction[] = [];
    let chars = 0;
    const flush = async () => {
      if (batch.length > 0) await client.submitTransaction(batch);
      batch = [];
      chars = 0;
    };
    for (const row of partition) {
      const size = JSON.stringify(row.properties).length;
      if (batch.length >= BATCH_ROWS || (batch.length > 0 && chars + size > BATCH_CHARS)) await flush();
      batch.push(['upsert', { partitionKey: row.PartitionKey, rowKey: row.RowKey, ...row.properties }, 'Replace']);
      chars += size;
    }
    await flush();
  }
}
