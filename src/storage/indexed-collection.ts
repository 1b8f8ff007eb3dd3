import { RestError, type TableClient, type TransactionAction } from '@azure/data-tables';
import { escapeKey, indexKeys, type IndexDefinition, type KeyRange } from '../domain/query/index-keys';
import type { IndexCatalog, QueryPlan } from '../domain/query/plan';

/**
 * Index rows that serve a directory list in O(page), whatever the collection's size.
 *
 * Layout (one table, e.g. `DirectoryIndex`, shared by collections): PartitionKey = the collection's
 * `scope` (`users`); RowKey = `<index>:<escaped key> <escaped id>` with a copy of the object's
 * wire JSON in `doc`; and one manifest row per object, RowKey `~m <escaped id>`, listing the
 * object's index RowKeys. `sync` rewrites an object's rows and its manifest in one transaction
 * (same partition), so rows and manifest always agree; it reads the object from its own table
 * each time, so a repeat after a crash or a race converges on the stored state.
 *
 * Usage, for any collection (groups do the same as users):
 * ```ts
 * const index = createIndexedCollection(storage.table('DirectoryIndex'), 'users', USER_INDEXES);
 * await index.sync(id, async () => wireShapeOrUndefined);                      // after each write
 * const plan = planQuery(USER_INDEXES, { filter, search, orderBy });           // domain/query/plan.ts
 * const { items, next } = await index.page(plan!, { top, position });          // next → $skiptoken
 * const total = await index.count(plan!);                                      // $count
 * ```
 */
export interface IndexedCollection {
  /** Makes the object's index rows match `load()` (undefined: the object left the collection). */
  sync(id: string, load: () => Promise<Record<string, unknown> | undefined>): Promise<void>;
  /** Up to `top` accepted objects from `position` on; `next` is where the following page starts. */
  page(plan: QueryPlan, options: { top: number; position?: string | undefined }): Promise<{ items: Record<string, unknown>[]; next: string | undefined }>;
  /** How many objects the plan accepts (streams the ranges; memory stays constant). */
  count(plan: QueryPlan): Promise<number>;
  /**
   * Writes the index rows of an object that has none yet (just created) in one transaction, with
   * no reads: its manifest is created, so if rows were there after all the transaction fails and
   * this falls back to `sync(id, load)`.
   */
  syncNew(id: string, doc: Record<string, unknown>, load: () => Promise<Record<string, unknown> | undefined>): Promise<void>;
  /** Whether a full rebuild (`markBuilt`) has completed since the collection was first indexed. */
  isBuilt(): Promise<boolean>;
  markBuilt(at: Date): Promise<void>;
}

/** Rows read per request at most: a page may come back short (with a next link), never slow. */
export const SCAN_BUDGET = 2000;
const MANIFEST = '~m ';
const BUILT = '~built';
const MAX_ACTIONS = 100;

const statusOf = (error: unknown) => (error instanceof RestError ? error.statusCode : undefined);

function rowBounds(index: IndexDefinition, range: KeyRange): { lower: string; upper: string } {
  const p = `${index.name}:`;
  const end = `${index.name};`;
  switch (range.kind) {
    case 'all':
      return { lower: p, upper: end };
    case 'equals':
      return { lower: `${p}${range.key} `, upper: `${p}${range.key}!` };
    case 'prefix':
      return { lower: `${p}${range.key}`, upper: `${p}${range.key}\uffff` };
    case 'between':
      return {
        lower: range.lower ? `${p}${range.lower.key}${range.lower.inclusive ? '' : '!'}` : p,
        upper: range.upper ? `${p}${range.upper.key}${range.upper.inclusive ? '!' : ''}` : end,
      };
  }
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

interface Position {
  b: number;
  k: string;
}

function readPosition(text: string | undefined): Position | undefined {
  if (!text) return undefined;
  const parsed = JSON.parse(text) as Position;
  if (typeof parsed?.b !== 'number' || typeof parsed.k !== 'string') throw new TypeError('invalid index position');
  return parsed;
}

function indexRowsFor(scope: string, catalog: IndexCatalog, id: string, doc: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const rows = new Map<string, Record<string, unknown>>();
  const json = JSON.stringify(doc);
  for (const index of catalog.indexes) {
    for (const key of indexKeys(index, doc)) {
      const rowKey = `${index.name}:${key} ${escapeKey(id)}`;
      rows.set(rowKey, { partitionKey: scope, rowKey, id, doc: json });
    }
  }
  return rows;
}

/**
 * The rows `sync` writes for a new object (its index rows and its manifest), for a loader that
 * writes many objects at once in batches of one partition (the scale benchmark's seeding). Only
 * for objects that have no rows yet: it does not remove old ones.
 */
export function newObjectRows(scope: string, catalog: IndexCatalog, id: string, doc: Record<string, unknown>): { partitionKey: string; rowKey: string }[] {
  const rows = indexRowsFor(scope, catalog, id, doc);
  const manifest = { partitionKey: scope, rowKey: MANIFEST + escapeKey(id), keys: JSON.stringify([...rows.keys()]) };
  return [...(rows.values() as Iterable<{ partitionKey: string; rowKey: string }>), manifest];
}

export function createIndexedCollection(table: TableClient, scope: string, catalog: IndexCatalog): IndexedCollection {
  const names = new Set<string>();
  for (const d of catalog.indexes) {
    if (!/^[A-Za-z]+$/.test(d.name) || names.has(d.name)) throw new TypeError(`index name '${d.name}' must be letters and unique`);
    names.add(d.name);
  }

  const rowsOf = (id: string, doc: Record<string, unknown>) => indexRowsFor(scope, catalog, id, doc);

  async function readManifest(id: string): Promise<{ keys: string[]; etag: string } | undefined> {
    try {
      const row = await table.getEntity<{ keys: string }>(scope, MANIFEST + escapeKey(id));
      return { keys: JSON.parse(row.keys) as string[], etag: row.etag };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function submit(actions: TransactionAction[]): Promise<void> {
    for (let i = 0; i < actions.length; i += MAX_ACTIONS) {
      // More than 100 actions (an object with very many keys) loses atomicity between chunks; the
      // manifest goes last, so a crash leaves it listing the old rows and the next sync retries.
      await table.submitTransaction(actions.slice(i, i + MAX_ACTIONS));
    }
  }

  return {
    async sync(id, load) {
      for (let attempt = 0; ; attempt++) {
        const manifest = await readManifest(id);
        const doc = await load();
        const rows = doc ? rowsOf(id, doc) : new Map<string, Record<string, unknown>>();
        const actions: TransactionAction[] = [];
        for (const key of manifest?.keys ?? []) if (!rows.has(key)) actions.push(['delete', { partitionKey: scope, rowKey: key }]);
        for (const row of rows.values()) actions.push(['upsert', row as { partitionKey: string; rowKey: string }, 'Replace']);
        const manifestRow = { partitionKey: scope, rowKey: MANIFEST + escapeKey(id), keys: JSON.stringify([...rows.keys()]) };
        // A manifest stays (empty) when the object leaves: only an update can carry the ETag.
        if (manifest) actions.push(['update', manifestRow, 'Replace', { etag: manifest.etag }]);
        else if (doc) actions.push(['create', manifestRow]);
        try {
          await submit(actions);
          return;
        } catch (error) {
          // Another sync of the same object won the manifest: read again and converge.
          const status = statusOf(error);
          if ((status !== 409 && status !== 412 && status !== 404) || attempt >= 4) throw error;
        }
      }
    },

    async syncNew(id, doc, load) {
      const rows = rowsOf(id, doc);
      const actions: TransactionAction[] = [...rows.values()].map((row) => ['upsert', row as { partitionKey: string; rowKey: string }, 'Replace']);
      actions.push(['create', { partitionKey: scope, rowKey: MANIFEST + escapeKey(id), keys: JSON.stringify([...rows.keys()]) }]);
      if (actions.length > MAX_ACTIONS) return this.sync(id, load);
      try {
        await table.submitTransaction(actions);
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
        await this.sync(id, load);
      }
    },

    async page(plan, options) {
      const start = readPosition(options.position);
      const items: Record<string, unknown>[] = [];
      let scanned = 0;
      for (let b = start?.b ?? 0; b < plan.branches.length; b++) {
        const branch = plan.branches[b]!;
        const bounds = rowBounds(branch.index, branch.range);
        const from = start && start.b === b ? `RowKey gt ${quote(start.k)}` : `RowKey ge ${quote(bounds.lower)}`;
        const filter = `PartitionKey eq ${quote(scope)} and ${from} and RowKey lt ${quote(bounds.upper)}`;
        const prefix = branch.index.name.length + 1;
        for await (const row of table.listEntities<{ doc: string }>({ queryOptions: { filter, select: ['RowKey', 'doc'] } })) {
          scanned++;
          const rowKey = row.rowKey!;
          const doc = JSON.parse(row.doc) as Record<string, unknown>;
          if (plan.accept(b, rowKey.slice(prefix, rowKey.lastIndexOf(' ')), doc)) items.push(doc);
          if (items.length >= options.top || scanned >= SCAN_BUDGET) {
            return { items, next: JSON.stringify({ b, k: rowKey } satisfies Position) };
          }
        }
      }
      return { items, next: undefined };
    },

    async isBuilt() {
      try {
        await table.getEntity(scope, BUILT);
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },

    async markBuilt(at) {
      await table.upsertEntity({ partitionKey: scope, rowKey: BUILT, builtAt: at }, 'Replace');
    },

    async count(plan) {
      let total = 0;
      for (let b = 0; b < plan.branches.length; b++) {
        const branch = plan.branches[b]!;
        const bounds = rowBounds(branch.index, branch.range);
        const filter = `PartitionKey eq ${quote(scope)} and RowKey ge ${quote(bounds.lower)} and RowKey lt ${quote(bounds.upper)}`;
        const prefix = branch.index.name.length + 1;
        for await (const row of table.listEntities<{ doc: string }>({ queryOptions: { filter, select: ['RowKey', 'doc'] } })) {
          const rowKey = row.rowKey!;
          if (plan.accept(b, rowKey.slice(prefix, rowKey.lastIndexOf(' ')), JSON.parse(row.doc) as Record<string, unknown>)) total++;
        }
      }
      return total;
    },
  };
}
