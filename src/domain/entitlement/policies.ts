import { Failure, notFound } from '../errors';
import { auditEntitlement } from './audit';
import { requireCatalogAccess, type EntitlementCaller } from './catalog-roles';
import type { CatalogDeps } from './catalogs';
import { requirePackage } from './packages';
import { policyRuleViolations, subjectSetsOf, type AssignmentPolicy, type PolicyInput } from './policy';
import type { ListSource, Versioned } from './ports';
import { confirmParent } from './removal';

/** Assignment policies: validated as a whole on create and on replace (Graph updates them with PUT). */

async function validate(deps: CatalogDeps, input: PolicyInput): Promise<void> {
  const violations = policyRuleViolations(input, deps.now());
  const first = violations[0];
  if (first) throw new Failure('invalidRequest', `${first.target}: ${first.message}`, { details: violations });
  // Referenced directory objects and connected organizations must exist, each named by its field.
  for (const { field, subject } of subjectSetsOf(input)) {
    const missing =
      subject.type === 'singleUser'
        ? !(await deps.directory.user(subject.userId)) && `${field}.userId`
        : subject.type === 'groupMembers'
          ? !(await deps.directory.group(subject.groupId)) && `${field}.groupId`
          : subject.type === 'connectedOrganizationMembers'
            ? !(await deps.organizations.get(subject.connectedOrganizationId)) && `${field}.connectedOrganizationId`
            : false;
    if (missing) throw new Failure('invalidRequest', `${missing}: the referenced object does not exist.`, { details: [{ target: missing, message: 'does not exist' }] });
  }
}

export async function requirePolicy(deps: Pick<CatalogDeps, 'policies'>, id: string): Promise<Versioned<AssignmentPolicy>> {
  const stored = await deps.policies.get(id);
  if (!stored) throw notFound('assignmentPolicy', id);
  return stored;
}

export async function createPolicy(deps: CatalogDeps, caller: EntitlementCaller, input: PolicyInput, correlationId: string): Promise<AssignmentPolicy> {
  const pkg = await deps.packages.get(input.accessPackageId);
  if (!pkg) throw new Failure('notFound', `Access package '${input.accessPackageId}' does not exist.`, { details: [{ target: 'accessPackage.id', message: 'no such access package' }] });
  await requireCatalogAccess(deps.rolesIn, caller, pkg.value.catalogId, 'editPackages');
  await validate(deps, input);
  const at = deps.now().toISOString();
  const policy: AssignmentPolicy = { ...input, id: deps.newId(), catalogId: pkg.value.catalogId, createdAt: at, modifiedAt: at };
  await deps.policies.insert(policy, 'A policy with this id already exists.');
  // A package deleted meanwhile takes no new policy with it.
  await confirmParent(deps.packages, input.accessPackageId, deps.now(), () => deps.policies.remove(policy.id), notFound('accessPackage', input.accessPackageId));
  await auditEntitlement(deps, caller, 'Create access package assignment policy', { id: policy.id, type: 'Policy', displayName: policy.displayName }, correlationId);
  return policy;
}

export async function getPolicy(deps: CatalogDeps, caller: EntitlementCaller, id: string): Promise<AssignmentPolicy> {
  const policy = await requirePolicy(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, policy.value.catalogId, 'readPackages');
  return policy.value;
}

export async function listPolicies(deps: CatalogDeps & { catalogIdsOf(userId: string): Promise<readonly string[]> }, caller: EntitlementCaller): Promise<ListSource<AssignmentPolicy>[]> {
  if (caller.kind === 'administrator') return [{ collection: deps.policies, where: {} }];
  return (await deps.catalogIdsOf(caller.userId)).map((catalogId) => ({ collection: deps.policies, where: { catalogId } }));
}

/**
 * Replaces the policy (Graph's PUT). A policy stays with its package; existing assignments keep
 * the expiry they were given (REFERENCE §6).
 */
export async function replacePolicy(deps: CatalogDeps, caller: EntitlementCaller, id: string, input: PolicyInput, correlationId: string): Promise<AssignmentPolicy> {
  const stored = await requirePolicy(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, stored.value.catalogId, 'editPackages');
  if (input.accessPackageId !== stored.value.accessPackageId) {
    throw new Failure('invalidRequest', 'accessPackage.id: a policy cannot move to another access package.', { details: [{ target: 'accessPackage.id', message: 'cannot change' }] });
  }
  await validate(deps, input);
  const policy: AssignmentPolicy = { ...input, id, catalogId: stored.value.catalogId, createdAt: stored.value.createdAt, modifiedAt: deps.now().toISOString() };
  await deps.policies.replace(policy, stored.etag);
  await auditEntitlement(deps, caller, 'Update access package assignment policy', { id, type: 'Policy', displayName: policy.displayName }, correlationId);
  return policy;
}

export async function deletePolicy(deps: CatalogDeps, caller: EntitlementCaller, id: string, correlationId: string): Promise<void> {
  const stored = await requirePolicy(deps, id);
  await requireCatalogAccess(deps.rolesIn, caller, stored.value.catalogId, 'editPackages');
  await deps.policies.remove(id, stored.etag);
  await auditEntitlement(deps, caller, 'Delete access package assignment policy', { id, type: 'Policy', displayName: stored.value.displayName }, correlationId);
}

