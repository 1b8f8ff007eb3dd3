import { Failure } from '../../errors';
import { connectedOrganizationForDomain } from '../connected-organizations';
import { isExternalScope, isInternalScope, type AssignmentPolicy } from '../policy';
import { domainOf } from './applicable-policies';
import { isOpenRequest, type AssignmentRequest, type Subject } from './model';
import type { RequestDeps } from './ports';

/** Who a request is for, and whether they already have (or are asking for) the package. */

export const invalid = (target: string, message: string): Failure => new Failure('validationFailed', message, { details: [{ target, message }] });

/** The subject for a directory user or an address; an address a directory user holds is that user. */
export async function subjectFor(
  deps: Pick<RequestDeps, 'people' | 'domains' | 'organizations'>,
  who: { objectId: string | null; email: string | null; displayName: string | null },
): Promise<Subject & { userType: 'Member' | 'Guest' | null }> {
  if (who.objectId !== null) {
    const user = await deps.people.user(who.objectId);
    if (!user) throw new Failure('notFound', `User '${who.objectId}' does not exist.`, { details: [{ target: 'assignment.targetId', message: 'no such user' }] });
    const email = user.mail?.toLowerCase() ?? null;
    const organization = user.userType === 'Guest' && email ? await connectedOrganizationForDomain(deps, domainOf(email)) : undefined;
    return { objectId: user.id, email, displayName: user.displayName, subjectType: 'user', connectedOrganizationId: organization?.id ?? null, userType: user.userType };
  }
  if (who.email === null) throw invalid('assignment.targetId', 'The request needs a target: a user id or an email address.');
  const email = who.email.toLowerCase();
  const user = await deps.people.userByEmail(email);
  if (user) return subjectFor(deps, { objectId: user.id, email: null, displayName: null });
  const organization = await connectedOrganizationForDomain(deps, domainOf(email));
  return { objectId: null, email, displayName: who.displayName, subjectType: 'user', connectedOrganizationId: organization?.id ?? null, userType: null };
}

/** An administrator's target must fit the policy: users in the directory, or external users, as it says. */
export function requireTargetFitsPolicy(policy: AssignmentPolicy, target: { objectId: string | null; userType: 'Member' | 'Guest' | null }): void {
  if (isInternalScope(policy.allowedTargetScope) && target.objectId === null) {
    throw invalid('assignment.target.email', 'The policy is for users in the directory; this address belongs to nobody in it.');
  }
  if (isExternalScope(policy.allowedTargetScope) && target.userType === 'Member') {
    throw invalid('assignment.targetId', 'The policy is for external users; the target is a member of the directory.');
  }
}

/** The target's requests for the package that are still in progress (read by target: one person's requests, not the package's). */
export async function openRequestsFor(deps: Pick<RequestDeps, 'requests'>, accessPackageId: string, target: Subject): Promise<AssignmentRequest[]> {
  const found = new Map<string, AssignmentRequest>();
  if (target.objectId) for (const r of await deps.requests.find({ targetObjectId: target.objectId, accessPackageId })) found.set(r.id, r);
  if (target.email) for (const r of await deps.requests.find({ targetEmail: target.email, accessPackageId })) found.set(r.id, r);
  return [...found.values()].filter((r) => isOpenRequest(r) || r.state === 'delivering');
}

/** 409 when the target already asked for the package, or (for a new assignment) already has it. */
export async function requireNoConflict(deps: Pick<RequestDeps, 'requests' | 'packageAssignments'>, accessPackageId: string, target: Subject, checkAssignment: boolean): Promise<void> {
  if ((await openRequestsFor(deps, accessPackageId, target)).length > 0) {
    throw new Failure('conflict', 'There is already a request in progress for this access package and target.');
  }
  if (checkAssignment && target.objectId) {
    const active = (await deps.packageAssignments.find({ targetUserId: target.objectId, accessPackageId })).filter((a) => a.state !== 'expired');
    if (active.length > 0) throw new Failure('conflict', 'The target already has an assignment to this access package.');
  }
}
