import type { DirectoryUser, UserChangeObserver } from '../directory/ports';
import { evaluateMembershipRule, parseMembershipRule, USER_PROPERTIES, type UserPropertyName } from '../membership-rule';
import { auditGroupChange, DYNAMIC_MEMBERSHIP } from './audit-group';
import type { EvaluationMessage, EvaluationProgress, GroupDeps } from './ports';

type Deps = Pick<GroupDeps, 'groups' | 'memberships' | 'users' | 'evaluations' | 'audit' | 'now' | 'newId'>;

/** Users read per evaluation message: small enough for one invocation, large enough to be cheap. */
export const EVALUATION_PAGE_SIZE = 100;
/** Membership writes running at once while one page is applied. */
const PARALLEL_WRITES = 8;

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function ruleOf(progress: EvaluationProgress) {
  const parsed = parseMembershipRule(progress.membershipRule);
  // The rule was checked when it was stored; failing here means the stored row is corrupt.
  if (!parsed.ok) throw new Error(`Stored membership rule of group ${progress.groupId} does not parse: ${parsed.error.message}`);
  return parsed.value;
}

/** Makes the user's membership match the rule's verdict; audits only real changes. */
async function applyVerdict(deps: Deps, groupId: string, user: DirectoryUser, belongs: boolean): Promise<void> {
  const changed = belongs ? await deps.memberships.add(groupId, user.id, deps.now()) : await deps.memberships.remove(groupId, user.id);
  if (!changed) return;
  await auditGroupChange(deps, belongs ? 'Add member to group' : 'Remove member from group', DYNAMIC_MEMBERSHIP, [
    { id: groupId, type: 'Group' },
    { id: user.id, type: 'User', userPrincipalName: user.userPrincipalName },
  ]);
}

/** The rule-readable properties whose values differ between two versions of a user. */
export function changedRuleProperties(before: DirectoryUser, after: DirectoryUser): Set<UserPropertyName> {
  const changed = new Set<UserPropertyName>();
  for (const name of Object.keys(USER_PROPERTIES) as UserPropertyName[]) {
    if (JSON.stringify(before[name] ?? null) !== JSON.stringify(after[name] ?? null)) changed.add(name);
  }
  return changed;
}

/**
 * Keeps dynamic groups in step with user changes. Only dynamic groups are looked at (their
 * index is one range read), only those whose processing is on, and only those whose rule reads a
 * property that changed. A user that was deleted is left to `PrincipalLifecycle`, which hides
 * and later restores or purges the memberships; a restored (or new) user is evaluated afresh.
 */
export function createDynamicMembershipObserver(deps: Deps): UserChangeObserver {
  return {
    async userChanged({ before, after }) {
      if (!after) return;
      const changed = before ? changedRuleProperties(before, after) : undefined;
      if (changed && changed.size === 0) return;
      const dynamic = await deps.groups.listDynamic();
      const due = dynamic.filter((g) => g.processingState === 'On' && (!changed || g.ruleProperties.some((p) => changed.has(p as UserPropertyName))));
      await forEachLimited(due, PARALLEL_WRITES, (g) => applyVerdict(deps, g.groupId, after, evaluateMembershipRule(ruleOf(g), after)));
    },
  };
}

/** What became of one evaluation message. */
export type PageOutcome = 'continued' | 'finished' | 'dropped';

/**
 * Evaluates one page of users against a dynamic group's rule and queues the next page. A message
 * for an older rule version, a paused rule or a page already done is dropped, so redelivered and
 * duplicated messages are harmless. The next message is queued before the progress is moved on:
 * a crash in between redoes this page (idempotent) rather than losing the rest of the directory.
 */
export async function evaluateGroupPage(deps: Deps, message: EvaluationMessage, pageSize = EVALUATION_PAGE_SIZE): Promise<PageOutcome> {
  const progress = await deps.groups.getProgress(message.groupId);
  if (!progress || progress.ruleVersion !== message.ruleVersion || progress.processingState !== 'On' || progress.nextPage !== message.page) {
    return 'dropped';
  }
  const rule = ruleOf(progress);
  const page = await deps.users.listUsers({ continuationToken: message.page === '' ? undefined : message.page, pageSize });
  await forEachLimited(page.items, PARALLEL_WRITES, (user) => applyVerdict(deps, message.groupId, user, evaluateMembershipRule(rule, user)));
  if (page.continuationToken) await deps.evaluations.enqueue({ ...message, page: page.continuationToken });
  await deps.groups.advanceProgress(progress, page.continuationToken, deps.now());
  return page.continuationToken ? 'continued' : 'finished';
}

/**
 * Re-queues evaluations that have not moved for `stalledAfterMs` (a lost enqueue, a message that
 * went to the poison queue). The page guard in `evaluateGroupPage` makes a duplicate harmless.
 */
export async function resumeStalledEvaluations(deps: Deps, stalledAfterMs: number): Promise<EvaluationMessage[]> {
  const cutoff = deps.now().getTime() - stalledAfterMs;
  const stalled = (await deps.groups.listDynamic()).filter(
    (g) => g.processingState === 'On' && g.nextPage !== undefined && g.updatedAt.getTime() <= cutoff,
  );
  const messages = stalled.map((g) => ({ groupId: g.groupId, ruleVersion: g.ruleVersion, page: g.nextPage ?? '' }));
  for (const message of messages) await deps.evaluations.enqueue(message);
  return messages;
}
