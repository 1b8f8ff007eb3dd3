import { currentStage, deciders } from '../domain/entitlement/approvals/stages';
import { catalogScopeId, TENANT_SCOPE, type CatalogRoleAssignment } from '../domain/entitlement/catalog-roles';
import type { AccessPackage, Catalog, CatalogResource, ConnectedOrganization, DomainClaim, ResourceRequest, RoleScope, Sponsor } from '../domain/entitlement/model';
import type { AssignmentPolicy } from '../domain/entitlement/policy';
import type { Assignment, AssignmentRequest } from '../domain/entitlement/requests/model';
import type { IndexPlan } from './entitlement-index';

/**
 * The indexes of each entitlement collection: every `find`/`page` key the use cases and the
 * documented `$filter`s use, and the list order. Changing a plan needs existing rows re-indexed.
 */

/** ISO times with every digit inverted (9 - d) sort newest first. */
export const newestFirst = (iso: string): string => iso.replace(/\d/g, (d) => String(9 - Number(d)));

const byName = (v: { displayName: string }): string => v.displayName;

export const catalogPlan: IndexPlan<Catalog> = { indexes: { id: (c) => c.id, state: (c) => c.state }, order: byName };
export const resourcePlan: IndexPlan<CatalogResource> = { indexes: { catalogId: (r) => r.catalogId, originId: (r) => r.originId }, order: byName };
export const resourceRequestPlan: IndexPlan<ResourceRequest> = { indexes: { catalogId: (r) => r.catalogId }, order: (r) => newestFirst(r.createdAt) };
export const packagePlan: IndexPlan<AccessPackage> = { indexes: { catalogId: (p) => p.catalogId }, order: byName };
export const roleScopePlan: IndexPlan<RoleScope> = { indexes: { accessPackageId: (s) => s.accessPackageId, resourceId: (s) => s.resourceId } };
export const policyPlan: IndexPlan<AssignmentPolicy> = { indexes: { accessPackageId: (p) => p.accessPackageId, catalogId: (p) => p.catalogId }, order: byName };
export const organizationPlan: IndexPlan<ConnectedOrganization> = { indexes: { state: (o) => o.state }, order: byName };
export const sponsorPlan: IndexPlan<Sponsor> = { indexes: { connectedOrganizationId: (s) => s.connectedOrganizationId, userId: (s) => s.userId } };
export const domainPlan: IndexPlan<DomainClaim> = { indexes: { connectedOrganizationId: (d) => d.connectedOrganizationId } };
export const roleAssignmentPlan: IndexPlan<CatalogRoleAssignment> = {
  indexes: {
    principalId: (a) => a.principalId,
    catalogId: (a) => a.catalogId,
    roleDefinitionId: (a) => a.roleDefinitionId,
    appScopeId: (a) => (a.catalogId === TENANT_SCOPE ? TENANT_SCOPE : catalogScopeId(a.catalogId)),
  },
};

export const requestPlan: IndexPlan<AssignmentRequest> = {
  indexes: {
    targetObjectId: (r) => r.targetObjectId,
    targetEmail: (r) => r.targetEmail,
    catalogId: (r) => r.catalogId,
    accessPackageId: (r) => r.accessPackageId,
    assignmentId: (r) => r.assignmentId,
    state: (r) => r.state,
    requestorUserId: (r) => (r.requestor.kind === 'user' ? r.requestor.userId : null),
    // Who may decide now: the approvers of the stage in progress (`filterByCurrentUser(on='approver')`).
    awaitingDecisionBy: (r) => {
      const stage = r.state === 'pendingApproval' ? currentStage(r) : undefined;
      return stage ? deciders(stage) : null;
    },
  },
  order: (r) => newestFirst(r.createdDateTime),
};

export const assignmentPlan: IndexPlan<Assignment> = {
  indexes: {
    targetUserId: (a) => a.targetUserId,
    catalogId: (a) => a.catalogId,
    accessPackageId: (a) => a.accessPackageId,
    assignmentPolicyId: (a) => a.assignmentPolicyId,
    state: (a) => a.state,
    // Packages with assignments that are not over (`AssignmentCounter`).
    activeInPackage: (a) => (a.state === 'expired' ? null : a.accessPackageId),
  },
  order: (a) => newestFirst(a.createdDateTime),
};
