import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { catalogRoleOf, type CatalogRole, type CatalogRoleReader } from '../domain/entitlement/catalog-roles';
import type { AssignmentCounter, EntitlementDeps } from '../domain/entitlement/ports';
import { createTableCollection } from './entitlement-collection';
import { catalogDoc, catalogRoleAssignmentDoc, domainDoc, organizationDoc, packageDoc, policyDoc, resourceDoc, resourceRequestDoc, roleScopeDoc, sponsorDoc } from './entitlement-rows';
import { odataString } from './keys';
import { parseRow } from './table-kit';

/** The entitlement-management tables, by their `TABLES` names. */
export type EntitlementTables = (name: EntitlementTableName) => TableClient;
export type EntitlementTableName =
  | 'EntitlementCatalogs'
  | 'EntitlementResources'
  | 'AccessPackages'
  | 'AccessPackageResourceRoleScopes'
  | 'AccessPackageAssignmentPolicies'
  | 'AccessPackageAssignments'
  | 'ConnectedOrganizations'
  | 'ConnectedOrganizationSponsors'
  | 'ConnectedOrganizationDomains'
  | 'EntitlementRoleAssignments';

/** Every collection of the admin API. */
export function createTableEntitlementCollections(tables: EntitlementTables): Pick<
  EntitlementDeps,
  'catalogs' | 'resources' | 'resourceRequests' | 'packages' | 'roleScopes' | 'policies' | 'organizations' | 'sponsors' | 'domains' | 'roleAssignments' | 'assignments'
> {
  return {
    catalogs: createTableCollection(tables('EntitlementCatalogs'), 'catalog', catalogDoc),
    resources: createTableCollection(tables('EntitlementResources'), 'catalog resource', resourceDoc),
    resourceRequests: createTableCollection(tables('EntitlementResources'), 'resource request', resourceRequestDoc, 'request'),
    packages: createTableCollection(tables('AccessPackages'), 'access package', packageDoc),
    roleScopes: createTableCollection(tables('AccessPackageResourceRoleScopes'), 'resource role scope', roleScopeDoc),
    policies: createTableCollection(tables('AccessPackageAssignmentPolicies'), 'assignment policy', policyDoc),
    organizations: createTableCollection(tables('ConnectedOrganizations'), 'connected organization', organizationDoc),
    sponsors: createTableCollection(tables('ConnectedOrganizationSponsors'), 'sponsor', sponsorDoc),
    domains: createTableCollection(tables('ConnectedOrganizationDomains'), 'domain claim', domainDoc),
    roleAssignments: createTableCollection(tables('EntitlementRoleAssignments'), 'catalog role assignment', catalogRoleAssignmentDoc),
    assignments: createTableAssignmentCounter(tables('AccessPackageAssignments')),
  };
}

const assignmentRow = z.object({ partitionKey: z.string(), accessPackageId: z.string(), state: z.string() });

/**
 * Reads `AccessPackageAssignments` as the assignments collection writes it (`createTableCollection`:
 * PartitionKey = encoded assignment id, RowKey = '', columns `accessPackageId` and `state`). A
 * package has active assignments while any of its rows is in a state other than `expired`.
 */
export function createTableAssignmentCounter(table: TableClient): AssignmentCounter {
  return {
    async hasActiveAssignments(accessPackageId) {
      const filter = `RowKey eq '' and accessPackageId eq ${odataString(accessPackageId)} and state ne 'expired'`;
      // Iterated rather than one page: a service page may be empty yet carry a continuation.
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        parseRow(assignmentRow, 'access package assignment', row);
        return true;
      }
      return false;
    },
  };
}

/** Reads a user's catalog roles and the catalogs the user holds any role in. */
export function createCatalogRoleReaders(collections: Pick<EntitlementDeps, 'roleAssignments'>): {
  rolesIn: CatalogRoleReader;
  catalogIdsOf(userId: string): Promise<readonly string[]>;
} {
  return {
    async rolesIn(userId, catalogId) {
      const held = await collections.roleAssignments.find({ principalId: userId, catalogId });
      return held.map((a) => catalogRoleOf(a.roleDefinitionId)).filter((r): r is CatalogRole => r !== undefined);
    },
    async catalogIdsOf(userId) {
      return [...new Set((await collections.roleAssignments.find({ principalId: userId })).map((a) => a.catalogId))];
    },
  };
}
