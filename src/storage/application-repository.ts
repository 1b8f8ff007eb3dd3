import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { Application } from '../domain/applications/application';
import type { ApplicationRepository } from '../domain/applications/application-ports';
import { Failure } from '../domain/errors';
import { encodeKey } from './keys';
import { jsonColumn, listRows, readRow, transact, updateRow, type Row } from './table-kit';

/**
 * Table `Applications`, one partition `app` (hundreds of registrations, not millions): RowKey
 * `id|<id>` holds the registration as one JSON document, RowKey `appId|<appId>` reserves its
 * client id, and RowKey `uri|<identifier URI>` reserves each identifier URI (Entra keeps them unique,
 * and the OpenID provider finds an API by one with a point read). They are written and removed in
 * one transaction with the registration. `deleted` marks the recycle bin.
 */
const PARTITION = 'app';
const rowKeyOf = (id: string): string => `id|${encodeKey(id.toLowerCase())}`;
const appIdKeyOf = (appId: string): string => `appId|${encodeKey(appId.toLowerCase())}`;
const uriKeyOf = (uri: string): string => `uri|${encodeKey(uri.toLowerCase())}`;
const URI_TAKEN = 'Another object with the same value for property identifierUris already exists.';
const lower = (uris: readonly string[]) => [...new Set(uris.map((u) => u.toLowerCase()))];

/** Graph answers a taken unique property with 400 and an `ObjectConflict` detail, not 409. */
async function reservingUris(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof Failure && error.code === 'conflict')) throw error;
    throw new Failure('validationFailed', URI_TAKEN, { details: [{ code: 'ObjectConflict', target: 'identifierUris', message: URI_TAKEN }] });
  }
}

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
  // Reservations a registration gave up: removed only if still its own (a crash in between leaves a free-able row, never another's).
  const releaseUris = async (uris: readonly string[], applicationId: string) => {
    for (const uri of uris) {
      const reservation = await readRow(table, reservationRow, 'application identifier URI', PARTITION, uriKeyOf(uri));
      if (reservation?.value.applicationId === applicationId) await table.deleteEntity(PARTITION, uriKeyOf(uri), { etag: reservation.etag }).catch(() => undefined);
    }
  };
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
    async findByIdentifierUri(uri) {
      const reservation = await readRow(table, reservationRow, 'application identifier URI', PARTITION, uriKeyOf(uri));
      if (!reservation) return undefined;
      const stored = await read(reservation.value.applicationId);
      return stored && !stored.value.deleted ? toApplication(stored.value) : undefined;
    },
    async create(app) {
      const uris = lower(app.identifierUris);
      if (uris.length > 98) throw new TypeError('At most 98 identifier URIs in one registration');
      const create = () => transact(
        table,
        [
          ['create', toRow(app)],
          ['create', { partitionKey: PARTITION, rowKey: appIdKeyOf(app.appId), applicationId: app.id }],
          ...uris.map((uri): TransactionAction => ['create', { partitionKey: PARTITION, rowKey: uriKeyOf(uri), applicationId: app.id }]),
        ],
        `Another object with the same value for property appId already exists.`,
      );
      // A fresh appId never collides; with URIs, a conflict is a taken identifier URI.
      await (uris.length ? reservingUris(create) : create());
    },
    async update(app, etag) {
      const before = await read(app.id);
      const had = before ? lower(toApplication(before.value).identifierUris) : [];
      const has = lower(app.identifierUris);
      const added = has.filter((u) => !had.includes(u));
      const removed = had.filter((u) => !has.includes(u));
      if (added.length === 0 && removed.length === 0) {
        await updateRow(table, toRow(app), etag, 'Replace');
        return;
      }
      if (added.length > 99) throw new TypeError('At most 99 new identifier URIs at once');
      // The registration (at its ETag) and its new reservations change together: a taken URI fails the whole change.
      await reservingUris(() => transact(
        table,
        [
          ['update', toRow(app), 'Replace', { etag }],
          ...added.map((uri): TransactionAction => ['create', { partitionKey: PARTITION, rowKey: uriKeyOf(uri), applicationId: app.id }]),
        ],
        URI_TAKEN,
      ));
      await releaseUris(removed, app.id);
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
      await releaseUris(lower(app.identifierUris), app.id);
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
