import { notFound } from '../errors';
import type { UserRepository } from './ports';
import { proxyAddressesOf, type User } from './user';

function holds(user: User, address: string): boolean {
  const wanted = address.toLowerCase();
  return (
    user.userPrincipalName.toLowerCase() === wanted ||
    user.mail?.toLowerCase() === wanted ||
    user.otherMails.some((m) => m.toLowerCase() === wanted) ||
    proxyAddressesOf(user).some((p) => p.slice(p.indexOf(':') + 1).toLowerCase() === wanted)
  );
}

/**
 * The live user whose `userPrincipalName`, `mail`, `otherMails` or `proxyAddresses` equals
 * `email`, compared case-insensitively (Graph's rule for "existing user" at invitation). One point
 * read of the address index, then the user: a reservation whose write never finished (or was
 * released) is not a match, so half-written state is never seen.
 */
export async function findUserByEmail(deps: { users: UserRepository }, email: string): Promise<User | undefined> {
  const trimmed = email.trim();
  if (!trimmed) return undefined;
  const id = await deps.users.findUserIdByAddress(trimmed);
  if (!id) return undefined;
  const stored = await deps.users.get(id);
  if (!stored || stored.user.deletedAt || !holds(stored.user, trimmed)) return undefined;
  return stored.user;
}

/** GET /users/{id | userPrincipalName}: an id, or a UPN when the key contains '@'. */
export async function getUser(deps: { users: UserRepository }, idOrUpn: string): Promise<User> {
  if (idOrUpn.includes('@')) {
    const user = await findUserByEmail(deps, idOrUpn);
    if (!user || user.userPrincipalName.toLowerCase() !== idOrUpn.toLowerCase()) throw notFound('user', idOrUpn);
    return user;
  }
  const stored = await deps.users.get(idOrUpn);
  if (!stored || stored.user.deletedAt) throw notFound('user', idOrUpn);
  return stored.user;
}
