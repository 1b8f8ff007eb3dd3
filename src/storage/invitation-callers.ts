import { z } from 'zod';
import type { RoleLookup } from '../domain/access';
import { NAME_MAX_LENGTH } from '../domain/limits';
import type { Caller, GuestAccounts } from '../domain/invitations/ports';
import { directoryRoleNameOf, type DirectoryRoleName, type Principal } from '../domain/principal';

const MAIL_ADDRESS = z.email().max(320);

/**
 * Describes a verified caller for the invitation rules: a user's directory roles (role table),
 * user type and name (users module); an app acts in the organization's name and the sender's address
 * (its mails name no person).
 */
export function createInvitationCallers(deps: {
  rolesOf: RoleLookup;
  guests: Pick<GuestAccounts, 'get'>;
  organizationName(): Promise<string>;
  senderAddress: string;
}): (principal: Principal) => Promise<Caller> {
  return async (principal) => {
    if (principal.kind === 'app') {
      return {
        initiator: { kind: 'app', appId: principal.appId },
        kind: 'app',
        id: principal.appId,
        roles: new Set(),
        permissions: principal.permissions,
        userType: undefined,
        displayName: await deps.organizationName(),
        email: deps.senderAddress,
      };
    }
    const [roleIds, user] = await Promise.all([deps.rolesOf(principal.userId), deps.guests.get(principal.userId)]);
    const roles = new Set(roleIds.map(directoryRoleNameOf).filter((r): r is DirectoryRoleName => r !== undefined));
    // Mails name the inviter; an address the mail schema would refuse falls back to the sender's.
    const email = [user?.mail, user?.userPrincipalName].find((a): a is string => !!a && MAIL_ADDRESS.safeParse(a).success);
    return {
      initiator: { kind: 'user', id: principal.userId, userPrincipalName: user?.userPrincipalName },
      kind: 'user',
      id: principal.userId,
      roles,
      permissions: new Set(),
      userType: user?.accountEnabled ? user.userType : undefined,
      displayName: user?.displayName?.trim().slice(0, NAME_MAX_LENGTH) || (await deps.organizationName()),
      email: email ?? deps.senderAddress,
    };
  };
}
