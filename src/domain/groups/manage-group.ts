import type { AuditInitiator, AuditTarget } from '../audit';
import { Failure, notFound } from '../errors';
import { auditGroupChange } from './audit-group';
import { checkGroupConsistency, isDynamicGroup, isUnifiedGroup, ruleChanged, type Group, type GroupLabels, type GroupType, type GroupVisibility, type MembershipRuleProcessingState } from './group';
import type { GroupDeps, Versioned } from './ports';
import { softDeleteGroup } from './recycle-group';

/** The writable properties of a group, as the HTTP layer has validated them one by one. */
export interface GroupFields extends GroupLabels {
  displayName: string;
  description: string | null;
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: GroupType[];
  membershipRule: string | null;
  membershipRuleProcessingState: MembershipRuleProcessingState | null;
  visibility: GroupVisibility | null;
  /** Creation only (Graph refuses it in PATCH). */
  isAssignableToRole: boolean | null;
}

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'owners' | 'evaluations' | 'audit' | 'now' | 'newId' | 'groupLifecycles'>;

/** Starts a full re-evaluation when the group is dynamic and its processing is on. */
async function startEvaluation(deps: Deps, group: Group): Promise<void> {
  if (isDynamicGroup(group) && group.membershipRuleProcessingState === 'On') {
    await deps.evaluations.enqueue({ groupId: group.id, ruleVersion: group.ruleVersion, page: '' });
  }
}

/**
 * Creates a group. A dynamic group's processing state defaults to `On` and its members are then
 * filled in from the evaluation queue (if the enqueue is lost in a crash, the stalled-evaluation
 * sweep starts it: the group's progress says its first page is still due).
 */
export async function createGroup(deps: Deps, fields: Partial<GroupFields> & Pick<GroupFields, 'displayName' | 'mailNickname' | 'securityEnabled'>, by: AuditInitiator, correlationId?: string): Promise<Group> {
  const groupTypes = fields.groupTypes ?? [];
  const dynamic = groupTypes.includes('DynamicMembership');
  const unified = groupTypes.includes('Unified');
  const group: Group = {
    id: deps.newId(),
    displayName: fields.displayName,
    description: fields.description ?? null,
    mailNickname: fields.mailNickname,
    mailEnabled: fields.mailEnabled ?? false,
    securityEnabled: fields.securityEnabled,
    groupTypes: [...(unified ? (['Unified'] as const) : []), ...(dynamic ? (['DynamicMembership'] as const) : [])],
    // Graph: a Microsoft 365 group is Public unless told otherwise, Private when it can hold roles.
    visibility: fields.visibility ?? (unified ? (fields.isAssignableToRole ? 'Private' : 'Public') : null),
    isAssignableToRole: fields.isAssignableToRole ?? null,
    classification: fields.classification ?? null,
    preferredDataLocation: fields.preferredDataLocation ?? null,
    preferredLanguage: fields.preferredLanguage ?? null,
    theme: fields.theme ?? null,
    membershipRule: fields.membershipRule ?? null,
    membershipRuleProcessingState: fields.membershipRuleProcessingState ?? (dynamic ? 'On' : null),
    createdAt: deps.now(),
    ruleVersion: 1,
  };
  checkGroupConsistency(group);
  await deps.groups.create(group);
  await auditGroupChange(deps, 'Add group', by, [{ id: group.id, type: 'Group', displayName: group.displayName }], correlationId);
  await startEvaluation(deps, group);
  return group;
}

/** Reads a live group or fails with 404. */
export async function requireGroup(deps: Pick<GroupDeps, 'groups'>, id: string): Promise<Versioned<Group>> {
  const found = await deps.groups.get(id);
  if (!found) throw notFound('group', id);
  return found;
}

const AUDITED: (keyof GroupFields)[] = [
  'displayName',
  'description',
  'mailNickname',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'membershipRule',
  'membershipRuleProcessingState',
  'visibility',
  'classification',
  'preferredDataLocation',
  'preferredLanguage',
  'theme',
];

function modifiedProperties(before: Group, after: Group): NonNullable<AuditTarget['modifiedProperties']> {
  return AUDITED.filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)).map((key) => ({
    displayName: key,
    oldValue: JSON.stringify(before[key] ?? null),
    newValue: JSON.stringify(after[key] ?? null),
  }));
}

/**
 * Applies a PATCH. Turning a group dynamic needs a rule (its processing state defaults to `On`);
 * turning it back to assigned keeps the members it has. A change of rule, processing state or
 * dynamic-ness bumps the rule version and, when processing is on, re-evaluates every user.
 */
export async function updateGroup(deps: Deps, id: string, patch: Partial<GroupFields>, by: AuditInitiator, correlationId?: string): Promise<Group> {
  const current = await requireGroup(deps, id);
  const before = current.value;
  if (patch.groupTypes !== undefined && patch.groupTypes.includes('Unified') !== isUnifiedGroup(before)) {
    throw new Failure('validationFailed', "A group cannot be turned into or out of a Microsoft 365 group ('Unified'); create a new group instead.", {
      details: [{ target: 'groupTypes', message: "'Unified' cannot be added or removed" }],
    });
  }
  const merged: Group = { ...before, ...stripUndefined(patch) };
  const dynamic = isDynamicGroup(merged);
  if (dynamic && merged.membershipRuleProcessingState === null) merged.membershipRuleProcessingState = 'On';
  if (!dynamic && patch.groupTypes !== undefined && isDynamicGroup(before)) {
    // Leaving dynamic membership: the rule goes with it unless the client explicitly sent one.
    if (patch.membershipRule === undefined) merged.membershipRule = null;
    if (patch.membershipRuleProcessingState === undefined) merged.membershipRuleProcessingState = null;
  }
  checkGroupConsistency(merged);
  const after: Group = ruleChanged(before, merged) ? { ...merged, ruleVersion: before.ruleVersion + 1 } : merged;
  const changes = modifiedProperties(before, after);
  if (changes.length === 0) return before;
  await deps.groups.update(current, after);
  await auditGroupChange(deps, 'Update group', by, [{ id, type: 'Group', displayName: after.displayName, modifiedProperties: changes }], correlationId);
  if (after.ruleVersion !== before.ruleVersion) await startEvaluation(deps, after);
  return after;
}

/**
 * Deletes a group, every membership and ownership it has and what `groupLifecycles` hold for it
 * (app role assignments). The group is hidden first (one transaction), so readers stop seeing it
 * and its memberships at once; the clean-up that follows is idempotent, and a repeated DELETE of
 * a group whose clean-up was interrupted finishes it.
 */
export async function deleteGroup(deps: Deps & Pick<GroupDeps, 'users' | 'recycleBin'>, id: string, by: AuditInitiator, correlationId?: string): Promise<void> {
  const live = await deps.groups.get(id);
  // Graph keeps deleted Microsoft 365 groups 30 days; security groups are deleted for good.
  if (live && isUnifiedGroup(live.value) && deps.recycleBin) {
    await softDeleteGroup({ ...deps, recycleBin: deps.recycleBin }, live, by, correlationId);
    return;
  }
  if (live) {
    await deps.groups.markDeleting(live);
    await auditGroupChange(deps, 'Delete group', by, [{ id, type: 'Group', displayName: live.value.displayName }], correlationId);
  } else if (!(await deps.groups.getDeleting(id))) {
    throw notFound('group', id);
  }
  await finishGroupDeletion(deps, id);
}

/** The permanent part of a deletion (after `markDeleting` or the recycle bin's `startPurge`); idempotent. */
export async function finishGroupDeletion(deps: Deps, id: string): Promise<void> {
  await deps.memberships.removeAllOfGroup(id);
  // A nested group leaves the groups it was a member of.
  await deps.memberships.removeAllOfMember(id);
  await deps.owners.removeAllOfGroup(id);
  for (const lifecycle of deps.groupLifecycles ?? []) await lifecycle.principalPurged(id);
  await deps.groups.finishDelete(id);
}

/** Finishes deletions a crash interrupted and no client retried (the clean-up is idempotent). */
export async function finishInterruptedDeletions(deps: Deps): Promise<string[]> {
  const ids = await deps.groups.listDeleting();
  for (const id of ids) await finishGroupDeletion(deps, id);
  return ids;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Refuses a manual member change on a dynamic group, as Entra does. */
export function assertAssignedMembership(group: Group): void {
  if (isDynamicGroup(group)) {
    throw new Failure('validationFailed', 'Members of a group with dynamic membership cannot be added or removed manually; change its membershipRule instead.', {
      details: [{ target: 'members', message: 'the group has dynamic membership' }],
    });
  }
}
