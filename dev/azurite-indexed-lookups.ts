/**
 * Preloaded into Azurite (`node --require`) when GATEHOUSE_AZURITE_INDEXED_LOOKUPS=1, for
 * benchmarks only: makes its point lookups cost what they cost in Table Storage.
 *
 * Why: Azurite keeps a table in a LokiJS collection indexed on PartitionKey and on RowKey
 * separately, and finds an entity with `findOne({ RowKey, PartitionKey })`, which narrows by the
 * first key's index and scans the rest. Gatehouse's tables put the identity in the PartitionKey
 * under a fixed RowKey (`user`, `address`, `ticket`, `invitation`), so every point read, insert
 * and update there scans every row of the table: O(n) per operation, and a 50,000-row bulk job
 * becomes quadratic (measured: 15 ms instead of 0.9 ms per read at 20,000 rows). Table Storage
 * itself has one clustered (PartitionKey, RowKey) index. This narrows by whichever of the two
 * indexes matches fewer rows; the result is the same entity, only found without the scan.
 */
import path from 'node:path';

interface LokiCollection {
  data: unknown[];
  binaryIndices: Record<string, { dirty: boolean; values: number[] } | undefined>;
  calculateRange(op: '$eq', prop: string, value: unknown): [number, number];
}

const azuriteDir = path.dirname(require.resolve('azurite/dist/src/azurite.js'));
const loki = require(require.resolve('lokijs', { paths: [azuriteDir] })) as { Collection: { prototype: { findOne(this: LokiCollection, query: unknown): unknown } } };
const findOne = loki.Collection.prototype.findOne;

/** Rows whose `prop` equals `value`, from the index alone (undefined when the index cannot say). */
function matches(collection: LokiCollection, prop: string, value: unknown): number | undefined {
  const index = collection.binaryIndices[prop];
  if (!index || index.dirty || typeof value !== 'string') return undefined;
  const [low, high] = collection.calculateRange('$eq', prop, value);
  return Math.max(0, high - low + 1);
}

loki.Collection.prototype.findOne = function (this: LokiCollection, query: unknown) {
  if (query && typeof query === 'object') {
    const keys = Object.keys(query);
    const q = query as Record<string, unknown>;
    if (keys.length === 2 && keys[0] === 'RowKey' && keys[1] === 'PartitionKey') {
      const byRow = matches(this, 'RowKey', q['RowKey']);
      const byPartition = matches(this, 'PartitionKey', q['PartitionKey']);
      if (byRow !== undefined && byPartition !== undefined && byPartition < byRow) {
        return findOne.call(this, { PartitionKey: q['PartitionKey'], RowKey: q['RowKey'] });
      }
    }
  }
  return findOne.call(this, query);
};

/**
 * With GATEHOUSE_AZURITE_INDEXED_QUERIES=1 as well (the scale benchmark), a query also costs what
 * it costs in Table Storage when it names one partition: Azurite runs every query as a scan of the
 * whole table with a predicate and then sorts all matches, so any list is O(table) there however
 * the app lays out its keys. Table Storage seeks to `(PartitionKey, first RowKey)` and reads on in
 * key order. This keeps, per table, each partition's entities sorted by RowKey (rebuilt after
 * writes, on the next query) and answers a query whose filter is a conjunction containing
 * `PartitionKey eq '…'` by seeking to its RowKey lower bound (the continuation or `RowKey ge/gt`)
 * and reading in order until the page is full or the RowKey upper bound is passed. Azurite's own
 * predicate still decides each row, so the rows are the same as the scan's; any other filter (an
 * `or`, a `not`, a PartitionKey range) takes Azurite's own path.
 */
interface Entity {
  PartitionKey?: unknown;
  RowKey?: unknown;
}
interface EntityCollection {
  data: Entity[];
}
interface Sorted {
  version: number;
  partitions: Map<string, Entity[]>;
}

if (process.env['GATEHOUSE_AZURITE_INDEXED_QUERIES'] === '1') {
  const proto = (loki.Collection.prototype as unknown) as Record<string, (...args: unknown[]) => unknown>;
  const versions = new WeakMap<object, number>();
  const bump = (collection: object) => versions.set(collection, (versions.get(collection) ?? 0) + 1);
  for (const name of ['insert', 'insertOne', 'update', 'remove', 'findAndRemove', 'findAndUpdate', 'clear', 'removeWhere', 'removeDataOnly']) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = function (this: object, ...args: unknown[]) {
      bump(this);
      return original.apply(this, args);
    };
  }
  const sortedByCollection = new WeakMap<object, Sorted>();
  const sortedOf = (collection: EntityCollection): Sorted => {
    const version = versions.get(collection) ?? 0;
    const known = sortedByCollection.get(collection);
    if (known && known.version === version) return known;
    const partitions = new Map<string, Entity[]>();
    for (const entity of collection.data) {
      if (typeof entity.PartitionKey !== 'string' || typeof entity.RowKey !== 'string') continue;
      const list = partitions.get(entity.PartitionKey);
      if (list) list.push(entity);
      else partitions.set(entity.PartitionKey, [entity]);
    }
    for (const list of partitions.values()) list.sort((a, b) => ((a.RowKey as string) < (b.RowKey as string) ? -1 : (a.RowKey as string) > (b.RowKey as string) ? 1 : 0));
    const sorted = { version, partitions };
    sortedByCollection.set(collection, sorted);
    return sorted;
  };

  const literal = `'((?:[^']|'')*)'`;
  const unquote = (text: string) => text.replace(/''/g, "'");
  /** The partition and RowKey bounds of a filter that is a conjunction naming one partition, else undefined. */
  function plan(filter: string | undefined): { partition: string; lower?: string; upper?: string } | undefined {
    if (!filter) return undefined;
    const outsideStrings = filter.replace(/'(?:[^']|'')*'/g, "''");
    if (/\b(or|not)\b/i.test(outsideStrings)) return undefined;
    const partition = new RegExp(`\\bPartitionKey\\s+eq\\s+${literal}`).exec(filter);
    if (!partition) return undefined;
    let lower: string | undefined;
    let upper: string | undefined;
    for (const m of filter.matchAll(new RegExp(`\\bRowKey\\s+(ge|gt|eq)\\s+${literal}`, 'g'))) {
      const v = unquote(m[2]!);
      if (lower === undefined || v > lower) lower = v;
    }
    for (const m of filter.matchAll(new RegExp(`\\bRowKey\\s+(le|lt|eq)\\s+${literal}`, 'g'))) {
      const v = unquote(m[2]!);
      if (upper === undefined || v < upper) upper = v;
    }
    return { partition: unquote(partition[1]!), ...(lower !== undefined && { lower }), ...(upper !== undefined && { upper }) };
  }

  const storeModule = require(path.join(azuriteDir, 'table', 'persistence', 'LokiTableMetadataStore.js')) as { default: { prototype: Record<string, unknown> } };
  const generator = (require(path.join(azuriteDir, 'table', 'persistence', 'LokiTableStoreQueryGenerator.js')) as { default: { generateQueryForPersistenceLayer(options: unknown, context: unknown): (entity: Entity) => boolean } }).default;
  const store = storeModule.default.prototype as {
    queryTableEntities(this: StoreThis, context: unknown, account: string, table: string, options: { filter?: string }, nextPartitionKey?: string, nextRowKey?: string): Promise<unknown>;
  };
  interface StoreThis {
    getEntityCollection(account: string, table: string, context: unknown): EntityCollection;
    getMaxResultsOption(options: unknown): number;
    decodeContinuationHeader(value: string | undefined): string | undefined;
    adjustQueryResultforTop(result: Entity[], max: number): { nextPartitionKeyResponse?: string; nextRowKeyResponse?: string };
  }
  const queryTableEntities = store.queryTableEntities;
  store.queryTableEntities = async function (this: StoreThis, context, account, table, options, nextPartitionKey, nextRowKey) {
    const p = plan(options.filter);
    if (!p) return queryTableEntities.call(this, context, account, table, options, nextPartitionKey, nextRowKey);
    const collection = this.getEntityCollection(account, table, context);
    const where = generator.generateQueryForPersistenceLayer(options, context);
    const max = this.getMaxResultsOption(options);
    const continuePartition = this.decodeContinuationHeader(nextPartitionKey);
    const continueRow = this.decodeContinuationHeader(nextRowKey);
    const result: Entity[] = [];
    if (continuePartition === undefined || continuePartition <= p.partition) {
      const rows = sortedOf(collection).partitions.get(p.partition) ?? [];
      let from = continuePartition === p.partition && continueRow !== undefined && (p.lower === undefined || continueRow > p.lower) ? continueRow : p.lower;
      if (continuePartition !== undefined && continuePartition < p.partition) from = p.lower;
      let lo = 0;
      let hi = rows.length;
      if (from !== undefined) {
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((rows[mid]!.RowKey as string) < from) lo = mid + 1;
          else hi = mid;
        }
      }
      for (let i = lo; i < rows.length && result.length <= max; i++) {
        const row = rows[i]!;
        if (p.upper !== undefined && (row.RowKey as string) > p.upper) break;
        if (where(row)) result.push(row);
      }
    }
    const response = this.adjustQueryResultforTop(result, max);
    return [result, response.nextPartitionKeyResponse, response.nextRowKeyResponse];
  };
}
