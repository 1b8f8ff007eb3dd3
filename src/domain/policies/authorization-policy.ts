/** Who may invite guests (Entra's external collaboration settings, REFERENCE §4). */
export const ALLOW_INVITES_FROM = ['everyone', 'adminsGuestInvitersAndAllMembers', 'adminsAndGuestInviters', 'none'] as const;
export type AllowInvitesFrom = (typeof ALLOW_INVITES_FROM)[number];

/**
 * Guest user access levels, as the role template ids Entra uses for `guestUserRoleId`
 * (the same in every tenant).
 */
export const GUEST_ROLE_IDS = {
  /** Guests have the same access as members. */
  sameAsMembers: 'a0b1b346-4d3e-4e8b-98f8-753987be4970',
  /** Limited access (default): read other users by id, but not enumerate the directory. */
  limited: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
  /** Restricted: guests see only their own user object. */
  restricted: '2af84b1e-32c8-42b7-82bc-daa82404023b',
} as const;
export type GuestAccessLevel = keyof typeof GUEST_ROLE_IDS;

/** Graph's `defaultUserRolePermissions`. */
export interface DefaultUserRolePermissions {
  allowedToCreateApps: boolean;
  allowedToCreateSecurityGroups: boolean;
  allowedToCreateTenants: boolean;
  allowedToReadBitlockerKeysForOwnedDevice: boolean;
  allowedToReadOtherUsers: boolean;
  permissionGrantPoliciesAssigned: string[];
}

/** Entra's defaults for a new tenant. */
export const DEFAULT_USER_ROLE_PERMISSIONS: DefaultUserRolePermissions = {
  allowedToCreateApps: true,
  allowedToCreateSecurityGroups: true,
  allowedToCreateTenants: true,
  allowedToReadBitlockerKeysForOwnedDevice: true,
  allowedToReadOtherUsers: true,
  permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy'],
};

/**
 * Graph's `authorizationPolicy`, all of its writable properties. Gatehouse acts on
 * `allowInvitesFrom` and `guestUserRoleId`; the others are kept and returned as set (no rule of
 * Gatehouse depends on them: it has no self-service sign-up, SSPR, consent or PowerShell).
 */
export interface AuthorizationPolicy {
  id: 'authorizationPolicy';
  displayName: string;
  description: string;
  allowInvitesFrom: AllowInvitesFrom;
  guestUserRoleId: string;
  allowedToSignUpEmailBasedSubscriptions: boolean;
  allowedToUseSSPR: boolean;
  allowEmailVerifiedUsersToJoinOrganization: boolean;
  allowUserConsentForRiskyApps: boolean | null;
  blockMsolPowerShell: boolean;
  defaultUserRolePermissions: DefaultUserRolePermissions;
}

export const defaultAuthorizationPolicy = (): AuthorizationPolicy => ({
  id: 'authorizationPolicy',
  displayName: 'Authorization Policy',
  description: 'Used to manage authorization related settings across the company.',
  allowInvitesFrom: 'everyone',
  guestUserRoleId: GUEST_ROLE_IDS.limited,
  allowedToSignUpEmailBasedSubscriptions: true,
  allowedToUseSSPR: true,
  allowEmailVerifiedUsersToJoinOrganization: false,
  allowUserConsentForRiskyApps: null,
  blockMsolPowerShell: false,
  defaultUserRolePermissions: { ...DEFAULT_USER_ROLE_PERMISSIONS, permissionGrantPoliciesAssigned: [...DEFAULT_USER_ROLE_PERMISSIONS.permissionGrantPoliciesAssigned] },
});

/** The access level a `guestUserRoleId` stands for; an unknown id falls back to the most restrictive. */
export function guestAccessLevel(guestUserRoleId: string): GuestAccessLevel {
  const id = guestUserRoleId.toLowerCase();
  const found = (Object.keys(GUEST_ROLE_IDS) as GuestAccessLevel[]).find((k) => GUEST_ROLE_IDS[k] === id);
  return found ?? 'restricted';
}
