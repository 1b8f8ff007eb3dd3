import { Failure } from '../errors';
import type { AllowInvitesFrom } from '../policies/authorization-policy';
import type { DirectoryRoleName, GraphPermission } from '../principal';
import type { Assignment, Caller } from './ports';

/** Most memberships and roles one invitation may assign (the portal's limit). */
export const MAX_ASSIGNMENTS = 20;

const holdsRole = (caller: Caller, ...roles: DirectoryRoleName[]) =>
  caller.kind === 'user' && (caller.roles.has('Global Administrator') || roles.some((r) => caller.roles.has(r)));
const holdsPermission = (caller: Caller, ...permissions: GraphPermission[]) =>
  caller.kind === 'app' && permissions.some((p) => caller.permissions.has(p));

const isAdmin = (caller: Caller) => holdsRole(caller, 'User Administrator');
const isGuestInviter = (caller: Caller) => holdsRole(caller, 'Guest Inviter');

/**
 * Entra's "Guest invite restrictions" (`allowInvitesFrom`):
 * - `everyone`: any user, guests included;
 * - `adminsGuestInvitersAndAllMembers`: members, and guests holding an admin or Guest Inviter role;
 * - `adminsAndGuestInviters`: Global and User Administrators and Guest Inviters only;
 * - `none`: nobody, administrators and applications included (Entra: "No one in the organization
 *   can invite guest users including admins").
 * App-only callers carry `User.Invite.All` (or a wider user permission) granted by an
 * administrator, so they count as admins everywhere but under `none`.
 */
export function mayInvite(caller: Caller, allowInvitesFrom: AllowInvitesFrom): boolean {
  if (allowInvitesFrom === 'none') return false;
  if (caller.kind === 'app') return true;
  const privileged = isAdmin(caller) || isGuestInviter(caller);
  switch (allowInvitesFrom) {
    case 'everyone':
      return true;
    case 'adminsGuestInvitersAndAllMembers':
      return privileged || caller.userType === 'Member';
    case 'adminsAndGuestInviters':
      return privileged;
  }
}

/** `invitedUserType: Member` is for administrators (Global/User Administrator, or an app allowed to write users). */
export function mayInviteMembers(caller: Caller): boolean {
  return isAdmin(caller) || holdsPermission(caller, 'User.ReadWrite.All', 'Directory.ReadWrite.All');
}

/**
 * Who may assign at invitation: directory roles need Privileged Role Administrator (or an app with
 * `RoleManagement.ReadWrite.Directory`); groups and app roles need what their own endpoints need
 * (User Administrator, or the apps' group / app role assignment permissions). Guest Inviters may
 * invite and nothing else.
 */
export function checkAssignmentRights(caller: Caller, assignments: readonly Assignment[]): void {
  const refuse = (what: string) => {
    throw new Failure('accessDenied', `Insufficient privileges to assign ${what} during invitation.`, {
      details: [{ target: 'assignments', message: `assigning ${what} needs more privileges than the caller holds` }],
    });
  };
  if (assignments.some((a) => a.type === 'directoryRole')) {
    if (!holdsRole(caller, 'Privileged Role Administrator') && !holdsPermission(caller, 'RoleManagement.ReadWrite.Directory')) refuse('directory roles');
  }
  if (assignments.some((a) => a.type === 'group')) {
    if (!isAdmin(caller) && !holdsPermission(caller, 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Directory.ReadWrite.All')) refuse('groups');
  }
  if (assignments.some((a) => a.type === 'appRole')) {
    if (!isAdmin(caller) && !holdsPermission(caller, 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All')) refuse('app roles');
  }
}

/** The refusal Graph gives when the caller may not invite. */
export const inviteForbidden = () => new Failure('accessDenied', 'Insufficient privileges to complete the operation. Guest invitations are restricted by the external collaboration settings.');
