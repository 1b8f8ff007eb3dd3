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
