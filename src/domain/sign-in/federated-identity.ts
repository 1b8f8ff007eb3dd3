import { Failure } from '../errors';
import type { UserDeps } from '../users/ports';
import { commitUserChange } from '../users/update-user';
import { identityKey, type ObjectIdentity } from '../users/user';

/** Who the federated identity provider said the person is: its issuer and the id it gives them (`sub`). */
export interface FederatedProof {
  issuer: string;
  subject: string;
}

/**
 * After a sign-in proved through the deployment's federated identity provider, the user's
 * `identities` record it as Graph does for a guest who redeemed with their home account:
 * `{ signInType: 'federated', issuer, issuerAssignedId }`. Once per issuer: a user who already has
 * an identity from this issuer keeps it. A lost race (the ETag moved, the identity was just taken)
 * leaves the user as the winner wrote them; the sign-in itself is not refused for it.
 */
export async function recordFederatedIdentity(deps: UserDeps, userId: string, proof: FederatedProof): Promise<void> {
  const stored = await deps.users.get(userId);
  if (!stored || stored.user.deletedAt) return;
  const user = stored.user;
  if (user.identities.some((i) => i.signInType === 'federated' && i.issuer.toLowerCase() === proof.issuer.toLowerCase())) return;
  const identity: ObjectIdentity = { signInType: 'federated', issuer: proof.issuer, issuerAssignedId: proof.subject };
  const taken = await deps.users.findUserIdByAddress(identityKey(identity));
  if (taken) return;
  const identities = [...user.identities, identity];
  try {
    await commitUserChange(deps, stored, { ...user, identities }, {
      activity: 'Link sign-in identity',
      initiatedBy: { kind: 'user', id: user.id, userPrincipalName: user.userPrincipalName },
      modified: [{ displayName: 'identities', oldValue: JSON.stringify(user.identities), newValue: JSON.stringify(identities) }],
    });
  } catch (error) {
    if (error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'conflict')) return;
    throw error;
  }
}
