import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { deleteExpiredRows, isoBefore } from './expired-rows';
import { encodeKey } from './keys';
import { deleteRow, jsonColumn, listAllRows, readRow } from './table-kit';

/**
 * What `oidc-provider` keeps (sessions, interactions, authorization codes, access and refresh
 * tokens, grants), in table `OidcStore`, so every instance of the function app sees the same state:
 * PartitionKey = the model name, RowKey = the id, the payload as JSON with its expiry. Index rows
 * find a session by `uid` and every token of a grant (`revokeByGrantId`). Clients are not stored
 * here: they are the directory's applications (`findClient`).
 */
export type OidcPayload = Record<string, unknown>;

export interface OidcAdapter {
  upsert(id: string, payload: OidcPayload, expiresIn: number): Promise<void>;
  find(id: string): Promise<OidcPayload | undefined>;
  findByUserCode(userCode: string): Promise<OidcPayload | undefined>;
  findByUid(uid: string): Promise<OidcPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

const row = z.object({ payload: z.string(), expiresAt: z.string() });
const pointer = z.object({ model: z.string(), id: z.string(), expiresAt: z.string() });

export function createTableOidcAdapters(
  table: TableClient,
  options: { now(): Date; findClient(clientId: string): Promise<OidcPayload | undefined> },
): (model: string) => OidcAdapter {
  const live = (expiresAt: string) => new Date(expiresAt) > options.now();
  const findIn = async (model: string, id: string): Promise<OidcPayload | undefined> => {
    const stored = await readRow(table, row, 'oidc row', model, encodeKey(id));
    if (!stored || !live(stored.value.expiresAt)) return undefined;
    return jsonColumn.read(stored.value.payload) as OidcPayload;
  };
  const byPointer = async (partition: string, key: string): Promise<OidcPayload | undefined> => {
    const found = await readRow(table, pointer, 'oidc index', partition, encodeKey(key));
    return found && live(found.value.expiresAt) ? findIn(found.value.model, found.value.id) : undefined;
  };

  return (model) => ({
    async upsert(id, payload, expiresIn) {
      const expiresAt = new Date(options.now().getTime() + expiresIn * 1000).toISOString();
      await table.upsertEntity({ partitionKey: model, rowKey: encodeKey(id), payload: jsonColumn.write(payload), expiresAt }, 'Replace');
      const index = (partition: string, key: unknown) =>
        typeof key === 'string' ? table.upsertEntity({ partitionKey: partition, rowKey: encodeKey(key), model, id, expiresAt }, 'Replace') : undefined;
      await Promise.all([
        index('uid', payload['uid']),
        index('userCode', payload['userCode']),
        typeof payload['grantId'] === 'string' ? table.upsertEntity({ partitionKey: `grant|${encodeKey(payload['grantId'])}`, rowKey: `${model}|${encodeKey(id)}`, model, id, expiresAt }, 'Replace') : undefined,
      ]);
    },
    find: (id) => (model === 'Client' ? options.findClient(id) : findIn(model, id)),
    findByUid: (uid) => byPointer('uid', uid),
    findByUserCode: (userCode) => byPointer('userCode', userCode),
    async consume(id) {
      const stored = await readRow(table, row, 'oidc row', model, encodeKey(id));
      if (!stored) return;
      const payload = { ...(jsonColumn.read(stored.value.payload) as OidcPayload), consumed: Math.floor(options.now().getTime() / 1000) };
      // Guarded by the ETag: of two concurrent redemptions of one code only one marks it.
      await table.updateEntity({ partitionKey: model, rowKey: encodeKey(id), payload: jsonColumn.write(payload) }, 'Merge', { etag: stored.etag });
    },
    async destroy(id) {
      await deleteRow(table, model, encodeKey(id));
    },
    async revokeByGrantId(grantId) {
      const partition = `grant|${encodeKey(grantId)}`;
      const members = await listAllRows(table, pointer.extend({ rowKey: z.string() }), 'oidc grant index', `PartitionKey eq '${partition}'`, 10_000);
      for (const member of members) {
        await deleteRow(table, member.model, encodeKey(member.id));
        await deleteRow(table, partition, member.rowKey);
      }
    },
  });
}

/** Deletes up to `limit` rows whose time is over (the hourly sweep). */
export const sweepOidcStore = (table: TableClient, now: Date, limit: number): Promise<number> => deleteExpiredRows(table, isoBefore('expiresAt', now), limit);
