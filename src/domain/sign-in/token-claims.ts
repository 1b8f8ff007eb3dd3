import { createHmac } from 'node:crypto';
import type { Application } from '../applications/application';
import type { AppRole } from '../applications/service-principal';
import type { User } from '../users/user';

/**
 * The claims Gatehouse's ID and access tokens carry, shaped like Entra's v2.0 tokens: `oid`,
 * `tid`, a pairwise `sub`, `name`, `preferred_username`, `email`, `roles` (app role values the
 * user holds directly or through a group), `groups` when the application asks, `idp`, `acct`.
 */
export interface TokenClaimsInput {
  user: Pick<User, 'id' | 'displayName' | 'userPrincipalName' | 'mail' | 'userType' | 'otherMails'>;
  application: Pick<Application, 'appId' | 'groupMembershipClaims' | 'optionalClaims'>;
  tenantId: string;
  /** The application's roles (from its registration, or its service principal). */
  appRoles: readonly AppRole[];
  /** The role ids of every assignment that reaches the user on this application. */
  assignedRoleIds: readonly string[];
  /** The user's groups (ids), read only when the application asks for them. */
  groupIds: readonly string[] | undefined;
  /** How the user proved who they are: `mail` for a one-time passcode, the issuer for federation. */
  identityProvider: string | undefined;
}

/** Entra's `sub`: the same user gets a different, stable subject in each application. */
export function pairwiseSubject(key: Uint8Array, appId: string, userId: string): string {
  return createHmac('sha256', key).update(`${appId.toLowerCase()}|${userId.toLowerCase()}`).digest('base64url');
}

/** Role values in the order the application declares them (a role without a value carries none). */
export function roleValues(appRoles: readonly AppRole[], assignedRoleIds: readonly string[]): string[] {
  const wanted = new Set(assignedRoleIds.map((id) => id.toLowerCase()));
  return appRoles.filter((r) => r.value !== null && wanted.has(r.id.toLowerCase())).map((r) => r.value as string);
}

/** Whether the application wants the `groups` claim (Graph `groupMembershipClaims`). */
export const wantsGroups = (app: Pick<Application, 'groupMembershipClaims'>): boolean =>
  app.groupMembershipClaims === 'SecurityGroup' || app.groupMembershipClaims === 'All' || app.groupMembershipClaims === 'ApplicationGroup';

const optional = (app: TokenClaimsInput['application'], kind: 'idToken' | 'accessToken', name: string): boolean =>
  (app.optionalClaims?.[kind] ?? []).some((c) => c.name.toLowerCase() === name);

/** The claims of one token (the library adds iss, aud, exp, iat, nonce and sub). */
export function tokenClaims(input: TokenClaimsInput, kind: 'idToken' | 'accessToken'): Record<string, unknown> {
  const { user, application } = input;
  const email = user.mail ?? user.otherMails[0] ?? null;
  const claims: Record<string, unknown> = {
    oid: user.id,
    tid: input.tenantId,
    ver: '2.0',
    name: user.displayName ?? user.userPrincipalName,
    preferred_username: user.userType === 'Guest' && email ? email : user.userPrincipalName,
    // 0 = member of the directory, 1 = guest (Entra's `acct` optional claim).
    acct: user.userType === 'Guest' ? 1 : 0,
  };
  if (email) claims['email'] = email;
  if (optional(application, kind, 'upn') || user.userType === 'Member') claims['upn'] = user.userPrincipalName;
  if (input.identityProvider) claims['idp'] = input.identityProvider;
  const roles = roleValues(input.appRoles, input.assignedRoleIds);
  if (roles.length > 0) claims['roles'] = roles;
  if (input.groupIds && wantsGroups(application)) claims['groups'] = [...input.groupIds];
  return claims;
}
