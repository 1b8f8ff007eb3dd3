import type { AppRoleAssignment, ApplicationDeps } from './ports';

/** Where a page of `listAssignmentsReaching` stopped: inside the assignments of one principal. */
export interface ReachingCursor {
  /** The user, or one of their groups. */
  principalId: string;
  /** The storage continuation within that principal's assignments; absent at its start. */
  continuationToken?: string | undefined;
}

/** Partition reads one page may make before it answers with what it has and a cursor. */
export const MAX_READS_PER_PAGE = 25;

/**
 * A page of the app role assignments that reach a user (their own, then those of each group they
 * belong to, directly or through nested groups, in id order), resumed from `after`. Each read is one page of one
 * principal's partition, and a page makes at most MAX_READS_PER_PAGE of them, so its cost does not
 * grow with the directory or with the user's assignments; it may come back short with a cursor.
 * A cursor naming a group the user has since left resumes at the next group in id order.
 */
export async function listAssignmentsReaching(
  deps: Pick<ApplicationDeps, 'assignments' | 'memberships'>,
  userId: string,
  page: { top: number; after?: ReachingCursor | undefined },
): Promise<{ items: AppRoleAssignment[]; next: ReachingCursor | undefined }> {
  const groupIds = [...new Set(await deps.memberships.groupIdsOf(userId))].filter((id) => id !== userId).sort();
  const principals = [userId, ...groupIds];
  let index = 0;
  let continuationToken: string | undefined;
  if (page.after && page.after.principalId !== userId) {
    const at = groupIds.findIndex((id) => id >= page.after!.principalId);
    if (at < 0) return { items: [], next: undefined };
    index = at + 1;
    if (groupIds[at] === page.after.principalId) continuationToken = page.after.continuationToken;
  } else if (page.after) {
    continuationToken = page.after.continuationToken;
  }

  const items: AppRoleAssignment[] = [];
  for (let reads = 0; reads < MAX_READS_PER_PAGE && index < principals.length && items.length < page.top; reads++) {
    const principalId = principals[index]!;
    const read = await deps.assignments.listPageByPrincipal(principalId, { top: page.top - items.length, continuationToken });
    items.push(...read.items);
    if (read.continuationToken) {
      continuationToken = read.continuationToken;
    } else {
      index++;
      continuationToken = undefined;
    }
  }
  if (index >= principals.length) return { items, next: undefined };
  return { items, next: { principalId: principals[index]!, continuationToken } };
}
