import type { TableClient } from '@azure/data-tables';
import { catalogRoleOf, type CatalogRole, type CatalogRoleReader } from '../domain/entitlement/catalog-roles';
import type { AssignmentCounter, Collection, EntitlementDeps } from '../domain/entitlement/ports';
import type { Assignment, AssignmentRequest } from '../domain/entitlement/requests/model';
import { createTableCollection } from './entitlement-collection';
import { catalogDoc, catalogRoleAssignmentDoc, domainDoc, organizationDoc, packageDoc, policyDoc, resourceDoc, resourceRequestDoc, roleScopeDoc, sponsorDoc } from './entitlement-rows';
import { assignmentDoc, requestDoc } from './entitlement-request-rows';
import { assignmentPlan, catalogPlan, domainPlan, organizationPlan, packagePlan, policyPlan, requestPlan, resourcePlan, resourceRequestPlan, roleAssignmentPlan, roleScopePlan, sponsorPlan } from './entitlement-plans';

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
    catalogs: createTableCollection(tables('EntitlementCatalogs'), 'catalog', catalogDoc, catalogPlan),
    resources: createTableCollection(tables('EntitlementResources'), 'catalog resource', resourceDoc, resourcePlan),
    resourceRequests: createTableCollection(tables('EntitlementResources'), 'resource request', resourceRequestDoc, resourceRequestPlan, 'request'),
    packages: createTableCollection(tables('AccessPackages'), 'access package', packageDoc, packagePlan),
    roleScopes: createTableCollection(tables('AccessPackageResourceRoleScopes'), 'resource role scope', roleScopeDoc, roleScopePlan),
    policies: createTableCollection(tables('AccessPackageAssignmentPolicies'), 'assignment policy', policyDoc, policyPlan),
    organizations: createTableCollection(tables('ConnectedOrganizations'), 'connected organization', organizationDoc, organizationPlan),
    sponsors: createTableCollection(tables('ConnectedOrganizationSponsors'), 'sponsor', sponsorDoc, sponsorPlan),
    domains: createTableCollection(tables('ConnectedOrganizationDomains'), 'domain claim', domainDoc, domainPlan),
    roleAssignments: createTableCollection(tables('EntitlementRoleAssignments'), 'catalog role assignment', catalogRoleAssignmentDoc, roleAssignmentPlan),
    assignments: createTableAssignmentCounter(tables('AccessPackageAssignments')),
  };
}

/** The request-side collections: assignment requests and assignments, with their indexes. */
export function createTableRequestCollections(tables: (name: 'AccessPackageAssignmentRequests' | 'AccessPackageAssignments') => TableClient): {
  requests: Collection<AssignmentRequest>;
  packageAssignments: Collection<Assignment>;
} {
  return {
    requests: createTableCollection(tables('AccessPackageAssignmentRequests'), 'access package assignment request', requestDoc, requestPlan),
    packageAssignments: createTableCollection(tables('AccessPackageAssignments'), 'access package assignment', assignmentDoc, assignmentPlan),
  };
}

/**
 * A package has active assignments while its `activeInPackage` index (assignments in any state
 * but `expired`) holds one: read page by page until one is found.
 */
export function createTableAssignmentCounter(table: TableClient): AssignmentCounter {
  const assignments = createTableCollection(table, 'access package assignment', assignmentDoc, assignmentPlan);
  return {
    async hasActiveAssignments(accessPackageId) {
      let continuation: string | undefined;
      do {
        const page = await assignments.page({ activeInPackage: accessPackageId }, { top: 10, continuation });
        if (page.items.length > 0) return true;
        continuation = page.continuation;
      } while (continuation);
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

