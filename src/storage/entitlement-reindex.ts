import type { TableClient } from '@azure/data-tables';
import { createTableReindexer, type TableReindexer } from './entitlement-collection';
import { assignmentPlan, catalogPlan, domainPlan, organizationPlan, packagePlan, policyPlan, requestPlan, resourcePlan, resourceRequestPlan, roleAssignmentPlan, roleScopePlan, sponsorPlan } from './entitlement-plans';
import { assignmentDoc, requestDoc } from './entitlement-request-rows';
import { catalogDoc, catalogRoleAssignmentDoc, domainDoc, organizationDoc, packageDoc, policyDoc, resourceDoc, resourceRequestDoc, roleScopeDoc, sponsorDoc } from './entitlement-rows';
import type { EntitlementTableName } from './entitlement-tables';

/** Every indexed kind of the entitlement tables with its reindexer (see `createTableReindexer`). */
export function createEntitlementReindexers(tables: (name: EntitlementTableName | 'AccessPackageAssignmentRequests') => TableClient): TableReindexer[] {
  return [
    createTableReindexer(tables('EntitlementCatalogs'), 'catalog', catalogDoc, catalogPlan),
    createTableReindexer(tables('EntitlementResources'), 'catalog resource', resourceDoc, resourcePlan),
    createTableReindexer(tables('EntitlementResources'), 'resource request', resourceRequestDoc, resourceRequestPlan, 'request'),
    createTableReindexer(tables('AccessPackages'), 'access package', packageDoc, packagePlan),
    createTableReindexer(tables('AccessPackageResourceRoleScopes'), 'resource role scope', roleScopeDoc, roleScopePlan),
    createTableReindexer(tables('AccessPackageAssignmentPolicies'), 'assignment policy', policyDoc, policyPlan),
    createTableReindexer(tables('ConnectedOrganizations'), 'connected organization', organizationDoc, organizationPlan),
    createTableReindexer(tables('ConnectedOrganizationSponsors'), 'sponsor', sponsorDoc, sponsorPlan),
    createTableReindexer(tables('ConnectedOrganizationDomains'), 'domain claim', domainDoc, domainPlan),
    createTableReindexer(tables('EntitlementRoleAssignments'), 'catalog role assignment', catalogRoleAssignmentDoc, roleAssignmentPlan),
    createTableReindexer(tables('AccessPackageAssignmentRequests'), 'access package assignment request', requestDoc, requestPlan),
    createTableReindexer(tables('AccessPackageAssignments'), 'access package assignment', assignmentDoc, assignmentPlan),
  ];
}

/**
 * Runs the reindexers of the kinds not done yet, at most `maxPages` storage pages in all; an
 * unfinished kind goes on from its marker next time. Returns what was done per kind.
 */
export async function reindexEntitlementTables(reindexers: readonly TableReindexer[], maxPages: number): Promise<{ kind: string; entities: number; finished: boolean }[]> {
  const report: { kind: string; entities: number; finished: boolean }[] = [];
  let pages = 0;
  for (const reindexer of reindexers) {
    const progress = await reindexer.progress();
    if (progress.done) continue;
    let continuation = progress.continuation;
    let entities = 0;
    do {
      const page = await reindexer.reindexPage(continuation);
      entities += page.entities;
      continuation = page.continuation;
    } while (continuation && ++pages < maxPages);
    report.push({ kind: reindexer.name, entities, finished: !continuation });
    if (continuation) break;
  }
  return report;
}
