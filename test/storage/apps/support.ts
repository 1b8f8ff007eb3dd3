import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { inject } from 'vitest';

/** A fresh table on the shared Azurite, so test files never see each other's rows. */
export async function freshTable(prefix: string): Promise<TableClient> {
  const name = `${prefix}${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), name, { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

/** Which write fails: the client method and the partition it targets. */
export type CrashPoint = { method: 'createEntity' | 'upsertEntity' | 'updateEntity' | 'deleteEntity' | 'submitTransaction'; partitionPrefix: string };

/**
 * The table as a process sees it that dies at one write: the first call matching `point` throws
 * (the write does not happen) and every later call goes through, as after a restart.
 */
export function crashingAt(table: TableClient, point: CrashPoint): TableClient & { crashed(): boolean } {
  let crashed = false;
  const partitionOf = (method: string, args: unknown[]): string => {
    if (method === 'deleteEntity') return String(args[0]);
    if (method === 'submitTransaction') return String((args[0] as [string, { partitionKey: string }][])[0]?.[1].partitionKey);
    return String((args[0] as { partitionKey: string }).partitionKey);
  };
  return new Proxy(table, {
    get(target, property) {
      if (property === 'crashed') return () => crashed;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!crashed && property === point.method && partitionOf(property, args).startsWith(point.partitionPrefix)) {
          crashed = true;
          return Promise.reject(new Error(`simulated crash before ${point.method} on ${point.partitionPrefix}`));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as TableClient & { crashed(): boolean };
}
