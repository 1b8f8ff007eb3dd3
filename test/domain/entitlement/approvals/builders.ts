import type { AccessPackage, Catalog, RoleScope } from '../../../../src/domain/entitlement/model';
import type { ApprovalStage, AssignmentPolicy } from '../../../../src/domain/entitlement/policy';
import type { Assignment, AssignmentRequest } from '../../../../src/domain/entitlement/requests/model';
import { memoryRequestDeps, simulatedClock } from '../requests/doubles';
import { requestorSettings } from '../requests/world';

/** Builders for approval and assignment tests: a published catalog with one package granting one group's membership. */

export const CATALOG_ID = 'cat-1';
export const PACKAGE_ID = 'pkg-1';
export const POLICY_ID = 'pol-1';
export const GROUP_ID = 'grp-1';
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export function buildStage(overrides: Partial<ApprovalStage> = {}): ApprovalStage {
  return {
    durationBeforeAutomaticDenial: 'P14D',
    isApproverJustificationRequired: false,
    isEscalationEnabled: false,
    durationBeforeEscalation: null,
    primaryApprovers: [{ type: 'singleUser', userId: 'approver-1', description: null }],
    fallbackPrimaryApprovers: [],
    escalationApprovers: [],
    fallbackEscalationApprovers: [],
    ...overrides,
  };
}

export function buildPolicy(overrides: Partial<AssignmentPolicy> = {}): AssignmentPolicy {
  return {
    id: POLICY_ID,
    catalogId: CATALOG_ID,
    accessPackageId: PACKAGE_ID,
    displayName: 'Partners',
    description: null,
    allowedTargetScope: 'allExternalUsers',
    specificAllowedTargets: [],
    expiration: { type: 'afterDuration', endDateTime: null, duration: 'P90D' },
    requestorSettings: requestorSettings({ enableTargetsToSelfUpdateAccess: false }),
    requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [buildStage()] },
    questions: [],
    createdAt: '2026-01-01T00:00:00Z',
    modifiedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** The in-memory deps with the catalog, the package (granting `Member_<GROUP_ID>`), the group, one approver and the policy. */
export async function approvalWorld(policy: AssignmentPolicy = buildPolicy(), clock = simulatedClock()) {
  const world = memoryRequestDeps(clock);
  const { collections, people } = world;
  const at = clock.now().toISOString();
  const catalog: Catalog = { id: CATALOG_ID, displayName: 'Partners', description: null, catalogType: 'userManaged', state: 'published', isExternallyVisible: true, createdAt: at, modifiedAt: at };
  const pkg: AccessPackage = { id: PACKAGE_ID, catalogId: CATALOG_ID, displayName: 'Project Falcon', description: 'Falcon files', isHidden: false, createdAt: at, modifiedAt: at };
  const scope: RoleScope = {
    id: 'scope-1', accessPackageId: PACKAGE_ID, catalogId: CATALOG_ID, resourceId: 'res-1',
    roleOriginId: `Member_${GROUP_ID}`, roleOriginSystem: 'AadGroup', scopeOriginId: GROUP_ID, scopeOriginSystem: 'AadGroup', createdAt: at,
  };
  await collections.catalogs.insert(catalog, 'x');
  await collections.packages.insert(pkg, 'x');
  await collections.roleScopes.insert(scope, 'x');
  await collections.policies.insert(policy, 'x');
  people.addGroup(GROUP_ID);
  people.addUser({ id: 'approver-1', displayName: 'Ada Approver', mail: 'ada@contoso.test' });
  return { ...world, policy, scope };
}

let requestNumber = 0;
/** A `submitted` request from an external partner, as submitRequest stores it. */
export function buildRequest(overrides: Partial<AssignmentRequest> = {}, now = new Date('2026-03-02T09:00:00Z')): AssignmentRequest {
  const email = overrides.target?.email ?? 'pat@fabrikam.test';
  return {
    id: `req-${++requestNumber}`,
    requestType: 'userAdd',
    state: 'submitted',
    status: 'Accepted',
    accessPackageId: PACKAGE_ID,
    catalogId: CATALOG_ID,
    assignmentPolicyId: POLICY_ID,
    target: { objectId: null, email, displayName: 'Pat Partner', subjectType: 'user', connectedOrganizationId: null },
    targetObjectId: '',
    targetEmail: email,
    requestor: { kind: 'external', email },
    assignmentId: null,
    justification: 'Working on Falcon',
    answers: [],
    schedule: { startDateTime: now.toISOString(), expiration: { type: 'afterDuration', endDateTime: null, duration: 'P90D' } },
    stages: [],
    createdDateTime: now.toISOString(),
    completedDateTime: null,
    reason: null,
    pendingRoleScopeIds: [],
    proposedConnectedOrganizationId: null,
    ...overrides,
  };
}

/** A delivered assignment of the package to `userId`, ending at `endDateTime`. */
export function buildAssignment(userId: string, endDateTime: string | null, overrides: Partial<Assignment> = {}): Assignment {
  return {
    id: `asg-${userId}-${overrides.accessPackageId ?? PACKAGE_ID}`,
    accessPackageId: PACKAGE_ID,
    catalogId: CATALOG_ID,
    assignmentPolicyId: POLICY_ID,
    targetUserId: userId,
    target: { objectId: userId, email: `${userId}@fabrikam.test`, displayName: userId, subjectType: 'user', connectedOrganizationId: null },
    state: 'delivered',
    status: 'Delivered',
    schedule: { startDateTime: '2026-03-02T09:00:00Z', expiration: endDateTime ? { type: 'afterDateTime', endDateTime, duration: null } : { type: 'noExpiration', endDateTime: null, duration: null } },
    endDateTime,
    expiredDateTime: null,
    expiryNotices: [],
    createdTarget: true,
    createdDateTime: '2026-03-02T09:00:00Z',
    modifiedDateTime: '2026-03-02T09:00:00Z',
    ...overrides,
  };
}
