import { connectedOrganizationForDomain } from '../connected-organizations';
import type { AccessPackage, Catalog } from '../model';
import type { AssignmentPolicy } from '../policy';
import { Failure } from '../../errors';
import type { Requestor } from './model';
import type { RequestDeps } from './ports';

/** Who asks: a directory user, or an address verified in the My Access portal. */
export type Asker = { kind: 'user'; userId: string } | { kind: 'external'; email: string };

/**
 * A person as policy scopes see them: in the directory (member or guest) and/or known by an
 * address. Guests and people not in the directory are external, by the domain of their address.
 */
export interface Candidate {
  userId: string | null;
  userType: 'Member' | 'Guest' | null;
  email: string | null;
}

export const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** The asker as a candidate: a portal address that belongs to a directory user is that user. */
export async function candidateOf(deps: Pick<RequestDeps, 'people'>, asker: Asker): Promise<Candidate> {
  if (asker.kind === 'user') {
    const user = await deps.people.user(asker.userId);
    return { userId: asker.userId, userType: user?.userType ?? null, email: user?.mail?.toLowerCase() ?? null };
  }
  const email = asker.email.toLowerCase();
  const user = await deps.people.userByEmail(email);
  return { userId: user?.id ?? null, userType: user?.userType ?? null, email };
}

/** Whether the policy's `allowedTargetScope` and `specificAllowedTargets` include the candidate. */
export async function policyCovers(deps: Pick<RequestDeps, 'people' | 'domains' | 'organizations'>, policy: AssignmentPolicy, who: Candidate): Promise<boolean> {
  const inDirectory = who.userId !== null && who.userType !== null;
  const external = who.userId === null || who.userType === 'Guest';
  switch (policy.allowedTargetScope) {
    case 'notSpecified':
      return false;
    case 'allMemberUsers':
      return inDirectory && who.userType === 'Member';
    case 'allDirectoryUsers':
      return inDirectory;
    case 'specificDirectoryUsers':
      if (!inDirectory || who.userId === null) return false;
      for (const target of policy.specificAllowedTargets) {
        if (target.type === 'singleUser' && target.userId.toLowerCase() === who.userId.toLowerCase()) return true;
        if (target.type === 'groupMembers' && (await deps.people.isGroupMember(who.userId, target.groupId))) return true;
      }
      return false;
    case 'allExternalUsers':
      return external && who.email !== null;
    case 'allConfiguredConnectedOrganizationUsers': {
      if (!external || who.email === null) return false;
      return (await connectedOrganizationForDomain(deps, domainOf(who.email)))?.state === 'configured';
    }
    case 'specificConnectedOrganizationUsers': {
      if (!external || who.email === null) return false;
      const organization = await connectedOrganizationForDomain(deps, domainOf(who.email));
      return !!organization && policy.specificAllowedTargets.some((t) => t.type === 'connectedOrganizationMembers' && t.connectedOrganizationId === organization.id);
    }
  }
}

/**
 * The policies of a package under which `asker` may request it for themselves: by
 * `allowedTargetScope`/`specificAllowedTargets` (connected organization domains,
 * `allExternalUsers`, groups, single users) with `enableTargetsToSelfAddAccess`. Undefined when the
 * package does not exist; for an external asker or a guest also when its catalog is not published
 * and externally visible (the portal then shows one neutral page). Hidden packages are returned: the
 * share link works for them. An unpublished catalog takes no requests, so directory users get the
 * package with no policies.
 */
export async function policiesForAsker(
  deps: RequestDeps,
  accessPackageId: string,
  asker: Asker,
): Promise<{ accessPackage: AccessPackage; catalog: Catalog; policies: AssignmentPolicy[] } | undefined> {
  const accessPackage = (await deps.packages.get(accessPackageId))?.value;
  const catalog = accessPackage && (await deps.catalogs.get(accessPackage.catalogId))?.value;
  if (!accessPackage || !catalog) return undefined;
  const open = catalog.state === 'published';
  const who = await candidateOf(deps, asker);
  // Guests are outside users too: a catalog not visible externally is closed to them as to new addresses.
  const outsider = asker.kind === 'external' || who.userType === 'Guest';
  if (outsider && !(open && catalog.isExternallyVisible)) return undefined;
  if (!open) return { accessPackage, catalog, policies: [] };
  const policies: AssignmentPolicy[] = [];
  for (const policy of await deps.policies.find({ accessPackageId })) {
    if (policy.requestorSettings.enableTargetsToSelfAddAccess && (await policyCovers(deps, policy, who))) policies.push(policy);
  }
  policies.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  return { accessPackage, catalog, policies };
}

/** The person behind a self-service request; apps and the system never ask for themselves. */
export function askerOf(requestor: Requestor): Asker {
  if (requestor.kind === 'user') return { kind: 'user', userId: requestor.userId };
  if (requestor.kind === 'external') return { kind: 'external', email: requestor.email.toLowerCase() };
  throw new Failure('validationFailed', 'userAdd, userExtend and userRemove are made by the person the access is for; applications use adminAdd and adminRemove.', { details: [{ target: 'requestType', message: 'not for this caller' }] });
}
