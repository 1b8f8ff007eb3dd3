import type { SignInDeps } from './ports';
import { accountRefusal, applicationRefusal, type SignInRefusal } from './sign-in-policy';
import { tokenClaims, wantsGroups } from './token-claims';

export type ClaimsOutcome = { ok: true; claims: Record<string, unknown>; displayName: string | null; userPrincipalName: string } | { ok: false; refusal: SignInRefusal };

/**
 * The claims of a token for `userId` in application `appId`, decided now: the account must be
 * live, enabled and (for a guest) redeemed, its sessions not revoked since `authenticatedAt`, and
 * the application must admit it. Roles come from the current assignments, so an ended access
 * package assignment is gone from the next token.
 */
export async function issueTokenClaims(
  deps: SignInDeps,
  input: { userId: string; appId: string; kind: 'idToken' | 'accessToken'; authenticatedAt?: Date | undefined; identityProvider?: string | undefined },
): Promise<ClaimsOutcome> {
  const user = await deps.users.get(input.userId);
  const sessionsValidFrom = user ? await deps.users.sessionsValidFrom(user.id) : undefined;
  const refusedAccount = accountRefusal({ user, sessionsValidFrom }, input.authenticatedAt);
  if (refusedAccount || !user) return { ok: false, refusal: refusedAccount ?? 'unknownAccount' };
  const [application, servicePrincipal] = await Promise.all([deps.applications.findByAppId(input.appId), deps.servicePrincipals.findByAppId(input.appId)]);
  const assignments = servicePrincipal ? await deps.assignmentsReaching(user.id, servicePrincipal.id) : [];
  const refusedApp = applicationRefusal(servicePrincipal, assignments.length);
  if (refusedApp || !servicePrincipal) return { ok: false, refusal: refusedApp ?? 'noServicePrincipal' };
  const registration = application ?? { appId: input.appId, groupMembershipClaims: null, optionalClaims: null };
  const groupIds = wantsGroups(registration) ? await deps.groupIdsOf(user.id) : undefined;
  const claims = tokenClaims(
    {
      user,
      application: registration,
      tenantId: deps.tenantId,
      appRoles: application?.appRoles ?? servicePrincipal.appRoles,
      assignedRoleIds: assignments.map((a) => a.appRoleId),
      groupIds,
      identityProvider: input.identityProvider,
    },
    input.kind,
  );
  return { ok: true, claims, displayName: user.displayName, userPrincipalName: user.userPrincipalName };
}

/** Appends one attempt to the sign-in log. */
export async function recordSignIn(
  deps: Pick<SignInDeps, 'log' | 'now' | 'newId' | 'applications'>,
  input: { userId: string | null; userDisplayName: string | null; userPrincipalName: string | null; appId: string; ipAddress: string; identityProvider: string | null; refusal: SignInRefusal | null },
): Promise<void> {
  const application = await deps.applications.findByAppId(input.appId);
  await deps.log.append({ ...input, id: deps.newId(), createdAt: deps.now(), appDisplayName: application?.displayName ?? null, clientAppUsed: 'Browser' });
}
