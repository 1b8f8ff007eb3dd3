import { z } from 'zod';
import type { Group } from './group';
import { requireGroup } from './manage-group';
import { ancestorsOf, nestedGroupsOf, resolveDirectoryObject, type DirectoryObject, type ObjectRef } from './nesting';
import type { GroupDeps, MemberType, Page } from './ports';
import { resolveMembers } from './read-memberships';

/**
 * Transitive reads. How a page stays bounded:
 *
 * - `transitiveMembers`: the group's nested groups are found first (the nested-group index only,
 *   never the users), then their member rows are read group after group, each read asking for at
 *   most what the page still needs; a page makes at most `MAX_MEMBER_READS` member-row reads and
 *   then ends with a nextLink even when short. The continuation is the group being read plus its
 *   storage continuation token. A member reached through several groups is returned once: under
 *   the first group (in the walk's order) that holds it directly, which one read of that member's
 *   own group rows decides, and only when the group has nested groups at all.
 * - `transitiveMemberOf`: every group the object reaches (a walk up its group rows), in id order,
 *   continued after the last id returned. The cost follows the number of groups reached.
 */
export const MAX_MEMBER_READS = 8;

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'users'>;
type PageRequest = { top: number; continuationToken?: string | undefined };

const memberCursor = z.object({ g: z.string(), c: z.string().optional() });
const afterCursor = z.object({ after: z.string() });

function readCursor<T>(schema: z.ZodType<T>, token: string | undefined): T | undefined {
  if (!token) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(token));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether any group before `index` in the walk holds `memberId` directly. */
async function heldEarlier(deps: Pick<Deps, 'memberships'>, memberId: string, earlier: ReadonlySet<string>): Promise<boolean> {
  let continuationToken: string | undefined;
  do {
    const page = await deps.memberships.listGroupsOf(memberId, { top: 999, continuationToken });
    if (page.items.some((id) => earlier.has(id))) return true;
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return false;
}

/** `GET /groups/{id}/transitiveMembers` (optionally one type: `/microsoft.graph.user`). */
export async function listTransitiveMembers(deps: Deps, groupId: string, page: PageRequest, type?: MemberType): Promise<Page<DirectoryObject>> {
  await requireGroup(deps, groupId);
  const walk = await nestedGroupsOf(deps, groupId);
  const cursor = readCursor(memberCursor, page.continuationToken) ?? { g: groupId };
  // A group removed since the last page: carry on with the next one in id order.
  let index = walk.indexOf(cursor.g);
  let continuation = index >= 0 ? cursor.c : undefined;
  if (index < 0) index = walk.findIndex((id, i) => i > 0 && id > cursor.g);
  if (index < 0) index = walk.length;
  const items: DirectoryObject[] = [];
  for (let reads = 0; index < walk.length && items.length < page.top && reads < MAX_MEMBER_READS; reads++) {
    const current = walk[index] as string;
    const rows = await deps.memberships.listMemberEntries(current, { top: page.top - items.length, continuationToken: continuation }, type);
    const earlier = new Set(walk.slice(0, index));
    const fresh = [];
    for (const entry of rows.items) {
      if (entry.id === groupId) continue;
      if (earlier.size > 0 && (await heldEarlier(deps, entry.id, earlier))) continue;
      fresh.push(entry);
    }
    items.push(...(await resolveMembers(deps, fresh)));
    if (rows.continuationToken) continuation = rows.continuationToken;
    else {
      index++;
      continuation = undefined;
    }
  }
  const next = index < walk.length ? JSON.stringify({ g: walk[index], ...(continuation ? { c: continuation } : {}) }) : undefined;
  return { items, continuationToken: next };
}

/** `GET /{users|groups}/{id}/transitiveMemberOf`: every group reached, in id order, a page at a time. */
export async function listTransitiveMemberOf(deps: Deps, ref: ObjectRef, page: PageRequest): Promise<Page<Group>> {
  const object = await resolveDirectoryObject(deps, ref);
  const reached = [...(await ancestorsOf(deps, object.type === 'user' ? object.user.id : object.group.id))].sort();
  const after = readCursor(afterCursor, page.continuationToken)?.after;
  const remaining = after === undefined ? reached : reached.filter((id) => id > after);
  const ids = remaining.slice(0, page.top);
  const groups = (await Promise.all(ids.map(async (id) => (await deps.groups.get(id))?.value))).filter((g): g is Group => g !== undefined);
  const last = ids[ids.length - 1];
  return { items: groups, continuationToken: remaining.length > ids.length && last ? JSON.stringify({ after: last }) : undefined };
}
