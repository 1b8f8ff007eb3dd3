import type { EntitlementCaller } from '../../../../src/domain/entitlement/catalog-roles';
import { CATALOG_ROLE_IDS } from '../../../../src/domain/entitlement/catalog-roles';
import type { AccessPackage, Catalog, ConnectedOrganization, RoleScope } from '../../../../src/domain/entitlement/model';
import type { AssignmentPolicy, RequestorSettings } from '../../../../src/domain/entitlement/policy';
import type { SubmitRequestInput } from '../../../../src/domain/entitlement/requests/submit-request';
import { memoryRequestDeps, simulatedClock, type Clock } from './doubles';

/**
 * Builders for request tests: a published, externally visible catalog with one package granting
 * two groups' membership, and a policy for all external users without approval.
 */

export const CATALOG_ID = 'cat-r';
export const PACKAGE_ID = 'pkg-r';
export const POLICY_ID = 'pol-r';
export const GROUPS = ['grp-a', 'grp-b'] as const;
export const DAY = 24 * 60 * 60 * 1000;

/** Graph's requestor settings with self-service on and on-behalf requests off; override what a test cares about. */
export const requestorSettings = (overrides: Partial<RequestorSettings> = {}): RequestorSettings => ({
  enableTargetsToSelfAddAccess: true,
  enableTargetsToSelfUpdateAccess: true,
  enableTargetsToSelfRemoveAccess: true,
  allowCustomAssignmentSchedule: false,
  enableOnBehalfRequestorsToAddAccess: false,
  enableOnBehalfRequestorsToUpdateAccess: false,
  enableOnBehalfRequestorsToRemoveAccess: false,
  onBehalfRequestors: [],
  ...overrides,
});

export function buildPolicy(overrides: Partial<AssignmentPolicy> & { requestor?: Partial<RequestorSettings> } = {}): AssignmentPolicy {
  const { requestor, ...rest } = overrides;
  return {
    id: POLICY_ID,
    catalogId: CATALOG_ID,
    accessPackageId: PACKAGE_ID,
    displayName: 'Partners',
    description: null,
    allowedTargetScope: 'allExternalUsers',
    specificAllowedTargets: [],
    expiration: { type: 'afterDuration', endDateTime: null, duration: 'P90D' },
    requestorSettings: requestorSettings(requestor),
    requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] },
    questions: [],
    createdAt: '2026-01-01T00:00:00Z',
    modifiedAt: '2026-01-01T00:00:00Z',
    ...rest,
  };
}

export const approvalStage = (approverId: string) => ({
  durationBeforeAutomaticDenial: 'P14D',
  isApproverJustificationRequired: false,
  isEscalationEnabled: false,
  durationBeforeEscalation: null,
  primaryApprovers: [{ type: 'singleUser' as const, userId: approverId, description: null }],
  fallbackPrimaryApprovers: [],
  escalationApprovers: [],
  fallbackEscalationApprovers: [],
});

export async function requestWorld(options: { policy?: AssignmentPolicy; catalog?: Partial<Catalog>; clock?: Clock } = {}) {
  const clock = options.clock ?? simulatedClock();
  const world = memoryRequestDeps(clock);
  const { collections, people } = world;
  const at = clock.now().toISOString();
  const catalog: Catalog = { id: CATALOG_ID, displayName: 'Partners', description: null, catalogType: 'userManaged', state: 'published', isExternallyVisible: true, createdAt: at, modifiedAt: at, ...options.catalog };
  const pkg: AccessPackage = { id: PACKAGE_ID, catalogId: CATALOG_ID, displayName: 'Project Falcon', description: 'Falcon files', isHidden: true, createdAt: at, modifiedAt: at };
  await collections.catalogs.insert(catalog, 'x');
  await collections.packages.insert(pkg, 'x');
  const scopes: RoleScope[] = GROUPS.map((groupId) => ({
    id: `scope-${groupId}`, accessPackageId: PACKAGE_ID, catalogId: CATALOG_ID, resourceId: `res-${groupId}`,
    roleOriginId: `Member_${groupId}`, roleOriginSystem: 'AadGroup', scopeOriginId: groupId, scopeOriginSystem: 'AadGroup', createdAt: at,
  }));
  for (const scope of scopes) await collections.roleScopes.insert(scope, 'x');
  for (const groupId of GROUPS) people.addGroup(groupId);
  const policy = options.policy ?? buildPolicy();
  await collections.policies.insert(policy, 'x');
  people.addUser({ id: 'approver-1', displayName: 'Ada Approver', mail: 'ada@contoso.test' });
  people.addUser({ id: 'member-1', displayName: 'Mia Member', mail: 'mia@contoso.test' });

  /** Adds a connected organization claiming `domain`. */
  const addOrganization = async (id: string, domain: string, state: ConnectedOrganization['state'] = 'configured') => {
    await collections.organizations.insert({ id, displayName: domain, description: null, state, identitySources: [{ kind: 'domain', domainName: domain, displayName: domain }], createdAt: at, modifiedAt: at }, 'x');
    await collections.domains.insert({ id: domain, connectedOrganizationId: id }, 'x');
  };
  /** Gives `userId` a catalog role in the package's catalog. */
  const grantCatalogRole = async (userId: string, role: keyof typeof CATALOG_ROLE_IDS) => {
    await collections.roleAssignments.insert({ id: `${role}-${userId}`, principalId: userId, roleDefinitionId: CATALOG_ROLE_IDS[role], catalogId: CATALOG_ID, createdAt: at }, 'x');
  };
  /** Everything the use cases wrote, to prove a refusal wrote nothing. */
  const written = () => ({ requests: collections.requests.all().length, assignments: collections.packageAssignments.all().length, audit: world.audit.length, mails: world.mails.length, log: people.log.length });
  return { ...world, catalog, pkg, policy, scopes, addOrganization, grantCatalogRole, written };
}

export const admin: EntitlementCaller = { kind: 'administrator', audit: { kind: 'app', appId: 'app-admin' } };
export const userCaller = (userId: string): EntitlementCaller => ({ kind: 'user', userId, isCatalogCreator: false });

/** A userAdd from the My Access portal by a verified address. */
export function portalRequest(email: string, overrides: Partial<SubmitRequestInput> = {}): SubmitRequestInput {
  return {
    requestType: 'userAdd',
    requestor: { kind: 'external', email },
    caller: null,
    accessPackageId: PACKAGE_ID,
    assignmentPolicyId: POLICY_ID,
    target: { objectId: null, email, displayName: 'Pat Partner' },
    assignmentId: null,
    justification: 'Working on Falcon',
    answers: [],
    schedule: null,
    correlationId: 'corr-1',
    ...overrides,
  };
}

/** An adminAdd through the API. */
export function adminAddRequest(target: SubmitRequestInput['target'], caller: EntitlementCaller = admin, overrides: Partial<SubmitRequestInput> = {}): SubmitRequestInput {
  return {
    requestType: 'adminAdd',
    requestor: caller.kind === 'user' ? { kind: 'user', userId: caller.userId } : { kind: 'app', appId: 'app-admin' },
    caller,
    accessPackageId: PACKAGE_ID,
    assignmentPolicyId: POLICY_ID,
    target,
    assignmentId: null,
    justification: null,
    answers: [],
    schedule: null,
    correlationId: 'corr-2',
    ...overrides,
  };
}
