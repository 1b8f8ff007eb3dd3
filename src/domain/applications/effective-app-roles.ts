import type { AppRoleAssignment, ApplicationDeps } from './ports';

/** One role a user holds on an application, and how: directly or through a group they belong to (nested groups count). */
export interface EffectiveAppRole {
  appRoleId: string;
  assignmentId: string;
  via: 'direct' | 'group';
  /** The user, or the group whose assignment reaches the user. */
  principalId: string;
}

const CONCURRENCY = 16;

/**
 * The assignments of one application that reach a user: their own and those of the groups they
 * belong to, directly or through nested groups. Each principal's are one partition range read, so the cost grows with
 * the user's groups, not with the directory. Every application's, a page at a time:
 * `listAssignmentsReaching`.
 */
export async function appRoleAssignmentsReaching(
  deps: Pick<ApplicationDeps, 'assignments' | 'memberships'>,
  userId: string,
  resourceId: string,
): Promise<AppRoleAssignment[]> {
  const groupIds = [...new Set(await deps.memberships.groupIdsOf(userId))].sort();
  const principals = [userId, ...groupIds];
  const found: AppRoleAssignment[][] = [];
  for (let i = 0; i < principals.length; i += CONCURRENCY) {
    const batch = principals.slice(i, i + CONCURRENCY);
    found.push(...(await Promise.all(batch.map((id) => deps.assignments.listByPrincipal(id, resourceId)))));
  }
  return found.flat();
}

/**
 * The roles a user effectively holds on one application, including those inherited from groups
 * (Entra: "a group's assignment reaches its members"). Access packages decide with this. As in
 * Entra, a role that was disabled after it was assigned still counts until the assignment goes.
 */
export async function effectiveAppRoles(
  deps: Pick<ApplicationDeps, 'assignments' | 'memberships'>,
  userId: string,
  servicePrincipalId: string,
): Promise<EffectiveAppRole[]> {
  const assignments = await appRoleAssignmentsReaching(deps, userId, servicePrincipalId);
  return assignments.map((a) => ({
    appRoleId: a.appRoleId,
    assignmentId: a.id,
    via: a.principalId === userId ? 'direct' : 'group',
    principalId: a.principalId,
  }));
}
