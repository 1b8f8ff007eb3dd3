import type { AuditInitiator, AuditTarget } from '../audit';
import type { Principal } from '../principal';
import type { GroupDeps } from './ports';

/** Entra's activity names for group changes. */
export type GroupActivity = 'Add group' | 'Update group' | 'Delete group' | 'Restore group' | 'Hard delete group' | 'Add member to group' | 'Remove member from group' | 'Add owner to group' | 'Remove owner from group';

/** The audit initiator for an API caller. */
export function initiatorOf(principal: Principal): AuditInitiator {
  return principal.kind === 'user' ? { kind: 'user', id: principal.userId } : { kind: 'app', appId: principal.appId };
}

/** The initiator of changes the dynamic-membership engine makes on its own. */
export const DYNAMIC_MEMBERSHIP: AuditInitiator = { kind: 'system', name: 'Dynamic membership' };

/** Appends one successful group-management entry. */
export async function auditGroupChange(
  deps: Pick<GroupDeps, 'audit' | 'now' | 'newId'>,
  activity: GroupActivity,
  initiatedBy: AuditInitiator,
  targetResources: AuditTarget[],
  correlationId?: string,
): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: activity,
    category: 'GroupManagement',
    activityAt: deps.now(),
    initiatedBy,
    targetResources,
    result: 'success',
    correlationId,
  });
}
