import { DIRECTORY_ROLE_TEMPLATE_IDS, type DirectoryRoleName } from '../principal';

/** A built-in directory role (Graph `unifiedRoleDefinition`); its id is Entra's template id. */
export interface RoleDefinition {
  id: string;
  displayName: DirectoryRoleName;
  description: string;
  isBuiltIn: true;
  isEnabled: true;
  templateId: string;
  /** The Entra actions the role carries, limited to what Gatehouse lets it do. */
  rolePermissions: { allowedResourceActions: string[]; condition: null }[];
}

/** The directory roles Gatehouse models. `Catalog creator` is left out: it is an entitlement-management role, not a directory role. */
export type DirectoryRole = Exclude<DirectoryRoleName, 'Catalog creator'>;

const ROLES: Record<DirectoryRole, { description: string; actions: string[] }> = {
  'Global Administrator': {
    description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
    actions: ['microsoft.directory/allEntities/allProperties/allTasks'],
  },
  'User Administrator': {
    description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
    actions: [
      'microsoft.directory/users/allProperties/allTasks',
      'microsoft.directory/groups/members/update',
      'microsoft.directory/servicePrincipals/appRoleAssignedTo/update',
    ],
  },
  'Guest Inviter': {
    description: "Can invite guest users independent of the 'members can invite guests' setting.",
    actions: ['microsoft.directory/users/inviteGuest'],
  },
  'Helpdesk Administrator': {
    description: 'Can reset passwords for non-administrators and Helpdesk Administrators.',
    actions: ['microsoft.directory/users/invalidateAllRefreshTokens'],
  },
  'Privileged Role Administrator': {
    description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
    actions: ['microsoft.directory/roleAssignments/allProperties/allTasks', 'microsoft.directory/authorizationPolicy/allProperties/allTasks'],
  },
  'Identity Governance Administrator': {
    description: 'Manage access using Microsoft Entra ID for identity governance scenarios.',
    actions: ['microsoft.directory/entitlementManagement/allProperties/allTasks'],
  },
};

/** Every built-in directory role definition, in the order of `DIRECTORY_ROLE_TEMPLATE_IDS`. */
export const ROLE_DEFINITIONS: readonly RoleDefinition[] = (Object.keys(ROLES) as DirectoryRole[]).map((name) => ({
  id: DIRECTORY_ROLE_TEMPLATE_IDS[name],
  displayName: name,
  description: ROLES[name].description,
  isBuiltIn: true,
  isEnabled: true,
  templateId: DIRECTORY_ROLE_TEMPLATE_IDS[name],
  rolePermissions: [{ allowedResourceActions: ROLES[name].actions, condition: null }],
}));

/** The definition with this id (case-insensitive), if Gatehouse models it. */
export function findRoleDefinition(id: string): RoleDefinition | undefined {
  const wanted = id.toLowerCase();
  return ROLE_DEFINITIONS.find((role) => role.id === wanted);
}
