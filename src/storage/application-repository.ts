import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Application } from '../domain/applications/application';
import type { ApplicationRepository } from '../domain/applications/application-ports';
import { Failure } from '../domain/errors';
import { encodeKey } from './keys';
import { jsonColumn, listRows, readRow, transact, updateRow, type Row } from './table-kit';

/**
 * Table `Applications`, one partition `app` (hundreds of registrations, not millions): RowKey
 * `id|<id>` holds the registration as one JSON document, RowKey `appId|<appId>` reserves its
 * client id. Both are written and removed in one transaction. `deleted` marks the recycle bin.
 */
const PARTITION = 'app';
const rowKeyOf = (id: string): string => `id|${encodeKey(id.toLowerCase())}`;
const appIdKeyOf = (appId: string): string => `appId|${encodeKey(appId.toLowerCase())}`;

const dates = ['createdAt', 'deletedAt'] as const;
const credential = z.object({ keyId: z.string(), displayName: z.string().nullable(), hint: z.string(), secretHash: z.string(), startAt: z.coerce.date(), endAt: z.coerce.date() });
const documentSchema = z
  .object({
    id: z.string(),
    appId: z.string(),
    displayName: z.string(),
    passwordCredentials: z.array(credential),
    createdAt: z.coerce.date(),
    deletedAt: z.coerce.date().nullable(),
  })
  .passthrough();
const applicationRow = z.object({ doc: z.string(), deleted: z.boolean() });
const reservationRow = z.object({ applicationId: z.string() });

const toApplication = (row: z.infer<typeof applicationRow>): Application => documentSchema.parse(jsonColumn.read(row.doc)) as unknown as Application;

function toRow(app: Application): Row {
  const doc: Record<string, unknown> = { ...app };
  for (const key of dates) doc[key] = app[key]?.toISOString() ?? null;
  return { partitionKey: PARTITION, rowKey: rowKeyOf(app.id), doc: jsonColumn.write(doc), deleted: app.deletedAt !== null, displayNameLower: app.displayName.toLowerCase() };
}

export function createTableApplications(table: TableClient): ApplicationRepository {
  const read = (id: string) => readRow(table, applicationRow, 'application', PARTITION, rowKeyOf(id));
  return {
    async get(id, options) {
      const stored = await read(id);
      if (!stored || stored.value.deleted !== (options?.deleted ?? false)) return undefined;
      return { value: toApplication(stored.value), etag: stored.etag };
    },
    async findByAppId(appId) {
      const reservation = await readRow(table, reservationRow, 'application appId', PARTITION, appIdKeyOf(appId));
      if (!reservation) return undefined;
      const stored = await read(reservation.value.applicationId);
      return stored && !stored.value.deleted ? toApplication(stored.value) : undefined;
    },
    async create(app) {
      await transact(
        table,
        [
          ['create', toRow(app)],
          ['create', { partitionKey: PARTITION, rowKey: appIdKeyOf(app.appId), applicationId: app.id }],
        ],
        `Another object with the same value for property appId already exists.`,
      );
    },
    async update(app, etag) {
      await updateRow(table, toRow(app), etag, 'Replace');
    },
    async purge(app) {
      try {
        await transact(table, [
          ['delete', { partitionKey: PARTITION, rowKey: rowKeyOf(app.id) }],
          ['delete', { partitionKey: PARTITION, rowKey: appIdKeyOf(app.appId) }],
        ]);
      } catch (error) {
        if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
        if (await read(app.id)) throw error;
      }
    },
    async list(options) {
      const page = await listRows(table, applicationRow, 'application', {
        filter: `PartitionKey eq '${PARTITION}' and RowKey ge 'id|' and RowKey lt 'id}' and deleted eq ${options.deleted}`,
        top: options.top,
        continuationToken: options.continuationToken,
      });
      return { items: page.items.map(toApplication), continuationToken: page.continuationToken };
    },
  };
}
