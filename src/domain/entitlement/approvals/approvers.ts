import type { SubjectSet } from '../policy';
import type { AssignmentRequest } from '../requests/model';
import type { RequestDeps, RequestUser } from '../requests/ports';

/** Most members of one approver group asked for: approver groups are small, and a mail goes to each. */
export const GROUP_APPROVER_LIMIT = 50;

type ApproverDeps = Pick<RequestDeps, 'people' | 'sponsors'>;

/**
 * The user ids a stage's subject sets name for this request: single users, group members, the
 * target's manager (walking up `managerLevel` levels), the sponsors of the target's connected
 * organization. `connectedOrganizationMembers` names requestors, never approvers, so it is ignored.
 */
async function idsOf(deps: ApproverDeps, request: AssignmentRequest, sets: readonly SubjectSet[]): Promise<string[]> {
  const out: string[] = [];
  for (const set of sets) {
    switch (set.type) {
      case 'singleUser':
        out.push(set.userId);
        break;
      case 'groupMembers':
        out.push(...(await deps.people.groupMemberIds(set.groupId, GROUP_APPROVER_LIMIT)));
        break;
      case 'requestorManager': {
        const manager = await managerOf(deps, request.target.objectId, set.managerLevel);
        if (manager) out.push(manager);
        break;
      }
      case 'internalSponsors':
      case 'externalSponsors': {
        const organizationId = request.target.connectedOrganizationId;
        if (!organizationId) break;
        const sponsors = await deps.sponsors.find({ connectedOrganizationId: organizationId, kind: set.type });
        out.push(...sponsors.map((s) => s.userId));
        break;
      }
      case 'connectedOrganizationMembers':
        break;
    }
  }
  return out;
}

async function managerOf(deps: ApproverDeps, userId: string | null, levels: number): Promise<string | undefined> {
  let current = userId;
  for (let level = 0; level < Math.max(1, levels) && current; level++) {
    current = (await deps.people.user(current))?.managerId ?? null;
  }
  return current ?? undefined;
}

/** True when `user` is the person the request is for or the one who asked (by id or by address). */
export function isRequestParty(request: AssignmentRequest, user: Pick<RequestUser, 'id' | 'mail'>): boolean {
  if (request.target.objectId === user.id) return true;
  if (request.requestor.kind === 'user' && request.requestor.userId === user.id) return true;
  const mail = user.mail?.toLowerCase();
  if (!mail) return false;
  if (request.target.email?.toLowerCase() === mail) return true;
  return request.requestor.kind === 'external' && request.requestor.email.toLowerCase() === mail;
}

/** Live, enabled users among `ids`, once each, without the request's own target or requestor. */
async function eligible(deps: ApproverDeps, request: AssignmentRequest, ids: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of new Set(ids)) {
    const user = await deps.people.user(id);
    if (user?.accountEnabled && !isRequestParty(request, user)) out.push(user.id);
  }
  return out;
}

/**
 * The approvers of a stage: the primary sets, else (nobody eligible among them) the fallback sets.
 * Used for the primary approvers when a stage starts and for the escalation approvers when it escalates.
 */
export async function resolveApprovers(
  deps: ApproverDeps,
  request: AssignmentRequest,
  primary: readonly SubjectSet[],
  fallback: readonly SubjectSet[],
): Promise<string[]> {
  const first = await eligible(deps, request, await idsOf(deps, request, primary));
  if (first.length > 0) return first;
  return eligible(deps, request, await idsOf(deps, request, fallback));
}
