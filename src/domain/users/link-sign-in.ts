import { Failure } from '../errors';
import type { StoredUser, UserDeps } from './ports';
import { commitUserChange } from './update-user';
import { identityKey, type ObjectIdentity, type User } from './user';

/** What a verified delegated token says about the person signing in. */
export interface SignInClaims {
  /** The token's issuer (`iss`), the one this deployment trusts. */
  issuer: string;
  /** The person's object id at that issuer (`oid`). */
  objectId: string;
  /** An email address the issuer vouches for (see `principalFromClaims`), if any. */
  verifiedEmail?: string | undefined;
}

/** The identity a sign-in from `claims` is linked by: Graph's `federated` objectIdentity. */
export function federatedIdentity(claims: Pick<SignInClaims, 'issuer' | 'objectId'>): ObjectIdentity {
  return { signInType: 'federated', issuer: claims.issuer, issuerAssignedId: claims.objectId };
}

const holds = (user: User, key: string) => user.identities.some((i) => identityKey(i) === key);
const live = (stored: StoredUser | undefined): stored is StoredUser => !!stored && !stored.user.deletedAt;

/**
 * Which directory user a delegated token speaks for, or undefined when none.
 *
 * 1. The user whose `identities` hold the token's issuer and `oid`.
 * 2. The user whose `id` is the `oid` (tokens the local issuer mints for directory users carry it).
 * 3. First sign-in of an employee an administrator added by email: the one live, enabled member
 *    whose `mail` or UPN is the token's verified email and who has no identity from this issuer
 *    yet gets the identity added (audited as the person's own change), so the link holds even when
 *    the mail later changes. Two concurrent first sign-ins end with one link (the ETag and the
 *    identity's uniqueness decide) and both resolve to the same user.
 */
export async function linkSignIn(deps: UserDeps, claims: SignInClaims): Promise<string | undefined> {
  const key = identityKey(federatedIdentity(claims));
  const linked = async () => {
    const id = await deps.users.findUserIdByAddress(key);
    const stored = id ? await deps.users.get(id) : undefined;
    return live(stored) && holds(stored.user, key) ? stored.user.id : undefined;
  };
  const found = await linked();
  if (found) return found;
  const direct = await deps.users.get(claims.objectId);
  if (live(direct)) return direct.user.id;
  if (!claims.verifiedEmail) return undefined;

  const email = claims.verifiedEmail.toLowerCase();
  const candidateId = await deps.users.findUserIdByAddress(email);
  const candidate = candidateId ? await deps.users.get(candidateId) : undefined;
  if (!live(candidate)) return undefined;
  const user = candidate.user;
  const addressed = user.mail?.toLowerCase() === email || user.userPrincipalName.toLowerCase() === email;
  const fromThisIssuer = user.identities.some((i) => i.issuer.toLowerCase() === claims.issuer.toLowerCase());
  if (!addressed || user.userType !== 'Member' || !user.accountEnabled || fromThisIssuer) return undefined;

  try {
    await commitUserChange(deps, candidate, { ...user, identities: [...user.identities, federatedIdentity(claims)] }, {
      activity: 'Link sign-in identity',
      initiatedBy: { kind: 'user', id: user.id, userPrincipalName: user.userPrincipalName },
      modified: [{ displayName: 'identities', oldValue: JSON.stringify(user.identities), newValue: JSON.stringify([...user.identities, federatedIdentity(claims)]) }],
    });
    return user.id;
  } catch (error) {
    // A concurrent first sign-in linked first (stale ETag, or the identity already claimed).
    if (error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'conflict')) return linked();
    throw error;
  }
}
