import type { AccessPackage } from '../model';
import type { AssignmentPolicy } from '../policy';
import { policiesForAsker } from '../requests/applicable-policies';
import type { Assignment } from '../requests/model';
import type { RequestDeps } from '../requests/ports';
import { portalAsker } from './package-view';

/**
 * The My Access home page of a signed-in requester, as partners know it from Microsoft's portal:
 * the packages they can request, their active and their expired access. Directory members and
 * guests see every listed package a policy admits them to; an address that is not in the
 * directory sees only the packages it reached by a share link (or already asked for), since
 * nothing else was shared with it.
 */
export interface AvailablePackage {
  accessPackage: AccessPackage;
  policies: AssignmentPolicy[];
}

export interface AccessRow {
  assignment: Assignment;
  accessPackage: AccessPackage | undefined;
  /** The policy lets the target ask for more time (`enableTargetsToSelfUpdateAccess`). */
  extendable: boolean;
}

export interface HomeView {
  available: AvailablePackage[];
  active: AccessRow[];
  expired: AccessRow[];
  /** The directory knows the visitor (member or guest). */
  inDirectory: boolean;
}

/** At most this many packages are checked for one page: the listing is administrative in size. */
const MAX_PACKAGES = 500;

/** The ids of up to MAX_PACKAGES packages that are not hidden, a storage page at a time (never the whole table). */
async function listedPackageIds(deps: RequestDeps): Promise<string[]> {
  const ids: string[] = [];
  let continuation: string | undefined;
  do {
    const page = await deps.packages.page({}, { top: 100, continuation });
    ids.push(...page.items.filter((p) => !p.isHidden).map((p) => p.id));
    continuation = page.continuation;
  } while (continuation && ids.length < MAX_PACKAGES);
  return ids.slice(0, MAX_PACKAGES);
}

/** The visitor's assignments, by the directory user their address belongs to. */
export async function assignmentsOf(deps: RequestDeps, email: string): Promise<Assignment[]> {
  const user = await deps.people.userByEmail(email);
  if (!user) return [];
  return deps.packageAssignments.find({ targetUserId: user.id });
}

/** An assignment that gives access now or later (delivered or on its way), not one that ended. */
export const isLiveAssignment = (a: Assignment): boolean => a.state !== 'expired' && a.state !== 'deliveryFailed';

/** The visitor's live assignment of one package, if any (the package page then shows "You have access until"). */
export async function liveAssignmentOf(deps: RequestDeps, email: string, accessPackageId: string): Promise<Assignment | undefined> {
  const mine = (await assignmentsOf(deps, email)).filter((a) => a.accessPackageId === accessPackageId && isLiveAssignment(a));
  // The one that lasts longest answers "until when"; no end date lasts longest of all.
  return mine.sort((a, b) => (b.endDateTime ?? '9999').localeCompare(a.endDateTime ?? '9999'))[0];
}

/**
 * `reachedPackageIds` are packages the visitor opened through a link in this browser; requested
 * packages count as reached. `search` matches name and description, case-insensitively.
 */
export async function homeView(deps: RequestDeps, input: { email: string; reachedPackageIds: readonly string[]; search: string }): Promise<HomeView> {
  const { asker, user } = await portalAsker(deps, input.email);
  const assignments = await assignmentsOf(deps, input.email);
  const packageCache = new Map<string, Promise<AccessPackage | undefined>>();
  const packageOf = (id: string) => {
    if (!packageCache.has(id)) packageCache.set(id, deps.packages.get(id).then((p) => p?.value));
    return packageCache.get(id)!;
  };
  const policyCache = new Map<string, Promise<AssignmentPolicy | undefined>>();
  const policyOf = (id: string) => {
    if (!policyCache.has(id)) policyCache.set(id, deps.policies.get(id).then((p) => p?.value));
    return policyCache.get(id)!;
  };

  const rows = await Promise.all(
    assignments.map(async (assignment): Promise<AccessRow> => ({
      assignment,
      accessPackage: await packageOf(assignment.accessPackageId),
      extendable: assignment.state === 'delivered' && (await policyOf(assignment.assignmentPolicyId))?.requestorSettings.enableTargetsToSelfUpdateAccess === true,
    })),
  );
  const live = new Set(assignments.filter(isLiveAssignment).map((a) => a.accessPackageId));

  let candidates: string[];
  if (user) {
    candidates = await listedPackageIds(deps);
    candidates.push(...input.reachedPackageIds);
  } else {
    const requested = await deps.requests.find({ targetEmail: input.email.toLowerCase() });
    candidates = [...input.reachedPackageIds, ...requested.map((r) => r.accessPackageId)];
  }
  const available: AvailablePackage[] = [];
  for (const id of [...new Set(candidates)].slice(0, MAX_PACKAGES)) {
    if (live.has(id)) continue;
    const found = await policiesForAsker(deps, id, asker);
    if (found && found.policies.length > 0) available.push({ accessPackage: found.accessPackage, policies: found.policies });
  }

  const matches = (p: AccessPackage | undefined) => !input.search || !!p && `${p.displayName}\n${p.description ?? ''}`.toLowerCase().includes(input.search.toLowerCase());
  const byName = (x: AccessPackage | undefined, y: AccessPackage | undefined) => (x?.displayName ?? '').localeCompare(y?.displayName ?? '');
  return {
    available: available.filter((a) => matches(a.accessPackage)).sort((x, y) => byName(x.accessPackage, y.accessPackage)),
    active: rows.filter((r) => isLiveAssignment(r.assignment) && matches(r.accessPackage)).sort((x, y) => byName(x.accessPackage, y.accessPackage)),
    expired: rows.filter((r) => !isLiveAssignment(r.assignment) && matches(r.accessPackage)).sort((x, y) => byName(x.accessPackage, y.accessPackage)),
    inDirectory: !!user,
  };
}
