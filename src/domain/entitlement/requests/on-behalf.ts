import type { AssignmentPolicy } from '../policy';
import type { RequestDeps } from './ports';

/** Members of an on-behalf-of requestor group that are looked at (such groups are small). */
export const ON_BEHALF_GROUP_LIMIT = 1_000;

/**
 * Whether `requestorId` may ask for access for `targetId` under `policy` (Graph
 * `requestorSettings.enableOnBehalfRequestorsToAddAccess` with `onBehalfRequestors`): a named user,
 * a member of a named group, or the target's manager at the set's level.
 */
export async function mayRequestOnBehalf(deps: Pick<RequestDeps, 'people'>, policy: AssignmentPolicy, requestorId: string, targetId: string): Promise<boolean> {
  const settings = policy.requestorSettings;
  if (!settings.enableOnBehalfRequestorsToAddAccess) return false;
  const me = requestorId.toLowerCase();
  for (const set of settings.onBehalfRequestors) {
    if (set.type === 'singleUser' && set.userId.toLowerCase() === me) return true;
    if (set.type === 'groupMembers' && (await deps.people.groupMemberIds(set.groupId, ON_BEHALF_GROUP_LIMIT)).some((id) => id.toLowerCase() === me)) return true;
    if (set.type === 'requestorManager') {
      let current: string | null = targetId;
      for (let level = 0; level < Math.max(1, set.managerLevel) && current; level++) current = (await deps.people.user(current))?.managerId ?? null;
      if (current?.toLowerCase() === me) return true;
    }
  }
  return false;
}
