import type { AuditInitiator } from '../audit';
import { Failure } from '../errors';
import { isUnifiedGroup, type Group } from './group';
import { addGroupMember } from './manage-members';
import { addGroupOwner } from './manage-owners';
import { assertAssignedMembership, createGroup, requireGroup, updateGroup, type GroupFields } from './manage-group';
import { assertCanNest, resolveDirectoryObject, type DirectoryObject, type ObjectRef } from './nesting';
import type { GroupDeps } from './ports';

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'owners' | 'users' | 'evaluations' | 'audit' | 'now' | 'newId' | 'groupLifecycles'>;

/** `owners@odata.bind` and `members@odata.bind` of a create or update body. */
export interface BoundRelations {
  owners: readonly ObjectRef[];
  members: readonly ObjectRef[];
}

const refuse = (target: string, message: string): Failure => new Failure('validationFailed', message, { details: [{ target, message }] });

interface Resolved {
  owners: string[];
  members: DirectoryObject[];
}

/** Resolves every reference (404 for an unknown object) and refuses what cannot be bound, before anything is written. */
async function resolveRelations(deps: Deps, relations: BoundRelations, parent: Pick<Group, 'groupTypes' | 'isAssignableToRole'>): Promise<Resolved> {
  const owners: string[] = [];
  for (const ref of relations.owners) {
    const object = await resolveDirectoryObject(deps, ref);
    if (object.type !== 'user') throw refuse('owners@odata.bind', 'Owners of a group are users; a group cannot own a group.');
    if (!owners.includes(object.user.id)) owners.push(object.user.id);
  }
  const members: DirectoryObject[] = [];
  for (const ref of relations.members) {
    const object = await resolveDirectoryObject(deps, ref);
    if (object.type === 'group') {
      if (isUnifiedGroup(parent)) throw refuse('members@odata.bind', 'Microsoft 365 groups cannot have groups as members.');
      if (parent.isAssignableToRole) throw refuse('members@odata.bind', 'Groups assignable to roles cannot have groups as members.');
      if (isUnifiedGroup(object.group)) throw refuse('members@odata.bind', 'A Microsoft 365 group cannot be a member of another group.');
    }
    members.push(object);
  }
  if (members.length > 0 && parent.groupTypes.includes('DynamicMembership')) {
    throw refuse('members@odata.bind', 'A group with dynamic membership gets its members from its membershipRule; members cannot be bound.');
  }
  return { owners, members };
}

const refOf = (member: DirectoryObject): ObjectRef => (member.type === 'user' ? { id: member.user.id, kind: 'user' } : { id: member.group.id, kind: 'group' });

async function writeRelations(deps: Deps, groupId: string, resolved: Resolved, by: AuditInitiator, correlationId?: string): Promise<void> {
  for (const owner of resolved.owners) await addGroupOwner(deps, groupId, owner, by, correlationId).catch(ignoreDuplicate);
  for (const member of resolved.members) await addGroupMember(deps, groupId, refOf(member), by, correlationId).catch(ignoreDuplicate);
}

/**
 * `POST /groups` with `owners@odata.bind` and `members@odata.bind`: every reference is resolved
 * and checked before the group is written (an unknown object is a 404, a refused one a 400, and
 * nothing is created), then the group, its owners and its members are written in that order.
 */
export async function createGroupWithRelations(
  deps: Deps,
  fields: Partial<GroupFields> & Pick<GroupFields, 'displayName' | 'mailNickname' | 'securityEnabled'>,
  relations: BoundRelations,
  by: AuditInitiator,
  correlationId?: string,
): Promise<Group> {
  const resolved = await resolveRelations(deps, relations, { groupTypes: fields.groupTypes ?? [], isAssignableToRole: fields.isAssignableToRole ?? null });
  const group = await createGroup(deps, fields, by, correlationId);
  await writeRelations(deps, group.id, resolved, by, correlationId);
  return group;
}

/**
 * `PATCH /groups/{id}` with properties and/or `members@odata.bind` / `owners@odata.bind` (Graph's
 * way to add up to 20 members in one request). If any reference is unknown, refused or already a
 * member, nothing is changed.
 */
export async function updateGroupWithRelations(deps: Deps, id: string, patch: Partial<GroupFields>, relations: BoundRelations, by: AuditInitiator, correlationId?: string): Promise<void> {
  const group = (await requireGroup(deps, id)).value;
  const resolved = await resolveRelations(deps, relations, group);
  if (resolved.members.length > 0) assertAssignedMembership(group);
  for (const member of resolved.members) {
    if (member.type === 'group') await assertCanNest(deps, group, member.group);
    const memberId = member.type === 'user' ? member.user.id : member.group.id;
    if (await deps.memberships.isMember(id, memberId)) {
      throw refuse('members@odata.bind', "One or more added object references already exist for the following modified properties: 'members'.");
    }
  }
  if (Object.values(patch).some((v) => v !== undefined)) await updateGroup(deps, id, patch, by, correlationId);
  await writeRelations(deps, id, resolved, by, correlationId);
}

/** The same object bound twice is one relationship. */
function ignoreDuplicate(error: unknown): void {
  if (error instanceof Failure && error.code === 'validationFailed' && /already exist/.test(error.message)) return;
  throw error;
}
