import { Failure } from '../errors';
import type { RoleLookup } from '../access';
import type { Principal } from '../principal';
import { guestAccessLevel, type AuthorizationPolicy, type GuestAccessLevel } from '../policies/authorization-policy';
import type { UserRepository } from './ports';

/**
 * What a guest without directory roles may read of the users, per `guestUserRoleId`:
 * same as members → everything members read; limited → any user by id, but no listing;
 * restricted → only their own user object.
 */
export function checkGuestMayList(level: GuestAccessLevel): void {
  if (level !== 'sameAsMembers') throw new Failure('accessDenied', 'Guests of this organization may not list its users.');
}

export function checkGuestMayRead(level: GuestAccessLevel, callerId: string, targetId: string): void {
  if (level === 'restricted' && callerId.toLowerCase() !== targetId.toLowerCase()) {
    throw new Failure('accessDenied', 'Guests of this organization may only read their own user object.');
  }
}

/** What `guestLevelOf` reads. */
export interface GuestVisibilityDeps {
  users: UserRepository;
  rolesOf: RoleLookup;
  authorizationPolicy(): Promise<AuthorizationPolicy>;
}

/**
 * The guest access level that limits this caller, or undefined when none does (apps, members, and
 * guests holding a directory role: the access table already admitted those by role).
 */
export async function guestLevelOf(deps: GuestVisibilityDeps, principal: Principal | undefined): Promise<GuestAccessLevel | undefined> {
  if (principal?.kind !== 'user') return undefined;
  const caller = await deps.users.get(principal.userId);
  if (!caller || caller.user.userType !== 'Guest') return undefined;
  if ((await deps.rolesOf(principal.userId)).length > 0) return undefined;
  return guestAccessLevel((await deps.authorizationPolicy()).guestUserRoleId);
}
