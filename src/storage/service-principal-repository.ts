import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Page, ServicePrincipalRepository } from '../domain/applications/ports';
import type { AppRole, ServicePrincipal } from '../domain/applications/service-principal';
import { Failure } from '../domain/errors';
import { encodeKey } from './keys';
import { jsonColumn, listRows, readRow, transact, updateRow, type Row } from './table-kit';
import type { CompiledFilter } from '../domain/query/filter-ast';
import { splitFilter, type TableMapping } from './filter-query';

/**
 * Table `ServicePrincipals`, one partition `sp` (a directory has hundreds of enterprise apps, not
 * millions): RowKey `id|<id>` holds the application, RowKey `appId|<appId>` reserves its appId.
 * Both are written and deleted in one transaction, so the reservation can never be orphaned.
 * `displayNameLower` serves `$filter` on displayName.
 */
const PARTITION = 'sp';
const rowKeyOf = (id: string): string => `id|${encodeKey(id)}`;
const appIdKeyOf = (appId: string): string => `appId|${encodeKey(appId.toLowerCase())}`;

const appRoleSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  value: z.string().nullable(),
  allowedMemberTypes: z.array(z.literal('User')),
  isEnabled: z.boolean(),
});

const principalRow = z.object({
  id: z.string(),
  appId: z.string(),
  displayName: z.string(),
  appRoles: z.string(),
  appRoleAssignmentRequired: z.boolean(),
  createdAt: z.coerce.date(),
  deleting: z.boolean().optional(),
});

function toPrincipal(row: z.infer<typeof principalRow>): ServicePrincipal {
  return {
    id: row.id,
    appId: row.appId,
    displayName: row.displayName,
    appRoles: z.array(appRoleSchema).parse(jsonColumn.read(row.appRoles) ?? []) as AppRole[],
    appRoleAssignmentRequired: row.appRoleAssignmentRequired,
    createdAt: row.createdAt,
  };
}

function toRow(p: ServicePrincipal, deleting = false): Row {
  return {
    partitionKey: PARTITION,
    rowKey: rowKeyOf(p.id),
    id: p.id,
    appId: p.appId,
    displayName: p.displayName,
    displayNameLower: p.displayName.toLowerCase(),
    appRoles: jsonColumn.write(p.appRoles),
    appRoleAssignmentRequired: p.appRoleAssignmentRequired,
    createdAt: p.createdAt,
    deleting,
  };
}

/** The repository plus the list query the HTTP layer pages through. */
export interface ServicePrincipalStore extends ServicePrincipalRepository {
  /**
   * A page of live principals matching what Table Storage can run of `filter` (on `displayName`
   * and `appId`); `partial` says the items still need checking against the whole filter.
   */
  list(options: { filter?: CompiledFilter | undefined; top: number; continuationToken?: string | undefined }): Promise<Page<ServicePrincipal> & { partial: boolean }>;
  /** The live principal of an application's client id (one point read through the appId reservation). */
  findByAppId(appId: string): Promise<ServicePrincipal | undefined>;
}

/** How `$filter` properties of GET /servicePrincipals map onto columns. */
const PRINCIPAL_COLUMNS: TableMapping = {
  displayName: { kind: 'lowercaseString', column: 'displayNameLower', required: true },
  appId: { kind: 'guid', column: 'appId', storedAs: 'lowercaseString', required: true },
};

export function createTableServicePrincipals(table: TableClient): ServicePrincipalStore {
  const read = async (id: string) => {
    const stored = await readRow(table, principalRow, 'service principal', PARTITION, rowKeyOf(id));
    return stored && { principal: toPrincipal(stored.value), deleting: stored.value.deleting ?? false, etag: stored.etag };
  };
  return {
    async get(id) {
      const stored = await read(id);
      return stored && !stored.deleting ? { value: stored.principal, etag: stored.etag } : undefined;
    },
    async findByAppId(appId) {
      const reservation = await readRow(table, z.object({ servicePrincipalId: z.string() }), 'service principal appId', PARTITION, appIdKeyOf(appId));
      const stored = reservation && (await read(reservation.value.servicePrincipalId));
      return stored && !stored.deleting ? stored.principal : undefined;
    },
    async isDeleting(id) {
      const stored = await read(id);
      return stored?.deleting ? stored.principal : undefined;
    },
    async create(principal) {
      const message = `The service principal cannot be created, updated, or restored because the service principal name ${principal.appId} is already in use.`;
      await transact(
        table,
        [
          ['create', toRow(principal)],
          ['create', { partitionKey: PARTITION, rowKey: appIdKeyOf(principal.appId), servicePrincipalId: principal.id }],
        ],
        message,
      );
    },
    async update(principal, etag) {
      await updateRow(table, toRow(principal), etag, 'Replace');
    },
    async markDeleting(id, etag) {
      await updateRow(table, { partitionKey: PARTITION, rowKey: rowKeyOf(id), deleting: true }, etag, 'Merge');
    },
    async remove(principal) {
      try {
        await transact(table, [
          ['delete', { partitionKey: PARTITION, rowKey: rowKeyOf(principal.id) }],
          ['delete', { partitionKey: PARTITION, rowKey: appIdKeyOf(principal.appId) }],
        ]);
      } catch (error) {
        // Already removed by a concurrent delete: the batch fails as a whole on a missing row.
        if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
        if (await read(principal.id)) throw error;
      }
    },
    async list(options) {
      const clauses = [`PartitionKey eq '${PARTITION}'`, `RowKey ge 'id|'`, `RowKey lt 'id}'`, 'deleting eq false'];
      const { where, partial } = splitFilter(options.filter, PRINCIPAL_COLUMNS);
      if (where) clauses.push(`(${where})`);
      const page = await listRows(table, principalRow, 'service principal', {
        filter: clauses.join(' and '),
        top: options.top,
        continuationToken: options.continuationToken,
      });
      return { items: page.items.map(toPrincipal), continuationToken: page.continuationToken, partial };
    },
  };
}
