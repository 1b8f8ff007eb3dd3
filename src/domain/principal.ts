/**
 * The caller of Gatehouse's API, as the domain sees it once a token has been verified.
 *
 * Two kinds, as in Microsoft Graph: an application acting as itself (client credentials; its
 * Graph permission names arrive as app roles) and a user acting through a client (delegated; what
 * the user may do depends on the directory roles the user holds, which the directory knows, not
 * the token).
 */

/** Graph permission names Gatehouse honours as app roles of app-only callers (REFERENCE §5). */
export const GRAPH_PERMISSIONS = [
  'User.Invite.All',
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'EntitlementManagement.ReadWrite.All',
  'Organization.ReadWrite.All',
  'OrganizationalBranding.Read.All',
  'OrganizationalBranding.ReadWrite.All',
  'Policy.ReadWrite.Authorization',
  'AuditLog.Read.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  // The read-only and least-privileged permissions Graph's permission tables list for the same reads.
  'User.Read.All',
  'User.ReadBasic.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'Application.Read.All',
  'EntitlementManagement.Read.All',
  'Organization.Read.All',
  'Policy.Read.All',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
] as const;

/** One of {@link GRAPH_PERMISSIONS}. */
export type GraphPermission = (typeof GRAPH_PERMISSIONS)[number];

const graphPermissionSet: ReadonlySet<string> = new Set(GRAPH_PERMISSIONS);

/** True when `name` is a Graph permission Gatehouse knows (exact, case-sensitive, as Entra emits them). */
export function isGraphPermission(name: string): name is GraphPermission {
  return graphPermissionSet.has(name);
}

/**
 * Role template ids, identical in every Entra tenant, so Gatehouse's role assignments can be
 * exported to or compared with Entra's. The directory roles come from Microsoft's "Microsoft Entra
 * built-in roles" reference (`wids` claims and `directoryRoleTemplate` ids use the same values).
 * `Catalog creator` is not a directory role: it is the built-in role definition of Graph's
 * entitlement-management RBAC provider (`/roleManagement/entitlementManagement/roleDefinitions`).
 */
export const DIRECTORY_ROLE_TEMPLATE_IDS = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Guest Inviter': '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Identity Governance Administrator': '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e',
  'Catalog creator': 'ba92d953-d8e0-4e39-a797-0cbedb0a89e8',
} as const;

/** A role name Gatehouse's authorization rules may name. */
export type DirectoryRoleName = keyof typeof DIRECTORY_ROLE_TEMPLATE_IDS;

/** Every role name, in the order above. */
export const DIRECTORY_ROLE_NAMES = Object.keys(DIRECTORY_ROLE_TEMPLATE_IDS) as DirectoryRoleName[];

/** The role name for a template id (case-insensitive), or undefined for roles Gatehouse does not model. */
export function directoryRoleNameOf(templateId: string): DirectoryRoleName | undefined {
  const wanted = templateId.toLowerCase();
  return DIRECTORY_ROLE_NAMES.find((name) => DIRECTORY_ROLE_TEMPLATE_IDS[name] === wanted);
}

/** A verified caller. */
export type Principal =
  | {
      kind: 'app';
      /** The client application's id (`azp`, or `appid` in v1.0 tokens). */
      appId: string;
      /** Known Graph permissions granted to the application; unknown role names are dropped. */
      permissions: ReadonlySet<GraphPermission>;
    }
  | {
      kind: 'user';
      /** The user's object id (`oid`): the directory user's `id`. */
      userId: string;
      /** Delegated scopes the client was granted (`scp`). */
      scopes: ReadonlySet<string>;
      /** An email address the issuer vouches for, used to link a first sign-in (absent when unverified). */
      verifiedEmail?: string;
    };

/** What an operation accepts: any one of these permissions (app-only callers) or roles (users). */
export type RequiredAccess = {
  permissions?: readonly GraphPermission[];
  roles?: readonly DirectoryRoleName[];
};

/**
 * True when the caller holds at least one of `anyOf`. App-only callers match on their Graph
 * permissions; users match on the directory roles they hold (`roleIdsOfUser`, template ids, read
 * from the directory by the caller of this function). Global Administrator implies everything;
 * apart from that, an empty `anyOf` grants nothing, so a forgotten rule fails closed.
 */
export function hasPermission(
  principal: Principal,
  roleIdsOfUser: Iterable<string>,
  anyOf: RequiredAccess,
): boolean {
  if (principal.kind === 'app') {
    return (anyOf.permissions ?? []).some((p) => principal.permissions.has(p));
  }
  const held = new Set<string>();
  for (const id of roleIdsOfUser) held.add(id.toLowerCase());
  if (held.has(DIRECTORY_ROLE_TEMPLATE_IDS['Global Administrator'])) return true;
  return (anyOf.roles ?? []).some((role) => held.has(DIRECTORY_ROLE_TEMPLATE_IDS[role]));
}
