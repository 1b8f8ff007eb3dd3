import { DIRECTORY_ROLE_TEMPLATE_IDS, GRAPH_PERMISSIONS, hasPermission, type DirectoryRoleName, type Principal, type RequiredAccess } from './principal';

/** Open to anonymous callers (health, the OpenAPI document, pages a guest opens from a mail). */
export const PUBLIC = 'public' as const;
/**
 * Delegated users admitted by their `userType` alone, whatever their roles: Entra lets members
 * read the directory; guests as far as `guestUserRoleId` allows (the handler narrows that).
 */
export type SignedInUsers = 'members' | 'membersAndGuests';
export type AccessRule = typeof PUBLIC | (RequiredAccess & { signedInUsers?: SignedInUsers });

const READ_DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'] as const;
const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'] as const;
// Reads list every permission Graph's permission tables name for them, least privileged first.
const USER_READ = ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY] as const;
const POLICY_READ = ['Policy.Read.All', 'Policy.ReadWrite.Authorization', ...READ_DIRECTORY] as const;
const DIRECTORY_READER_ROLES = ['User Administrator', 'Guest Inviter', 'Helpdesk Administrator', 'Privileged Role Administrator', 'Identity Governance Administrator'] as const;
const GROUP_WRITE = ['Group.ReadWrite.All', 'Directory.ReadWrite.All'] as const;
const MEMBER_WRITE = ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'] as const;
const GROUP_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', ...READ_DIRECTORY] as const;
const GROUP_READER_ROLES = ['User Administrator', 'Helpdesk Administrator', 'Identity Governance Administrator', 'Guest Inviter'] as const;
const APP_WRITE = ['Application.ReadWrite.All', 'Directory.ReadWrite.All'] as const;
const ASSIGNMENT_WRITE = ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All'] as const;
const APP_READ = ['Application.Read.All', 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', ...READ_DIRECTORY] as const;
const APP_READER_ROLES = ['User Administrator', 'Identity Governance Administrator', 'Privileged Role Administrator'] as const;
const ROLE_READ = ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', ...READ_DIRECTORY] as const;
const BRANDING_WRITE = { permissions: ['OrganizationalBranding.ReadWrite.All', 'Organization.ReadWrite.All'] } as const;
const BRANDING_READ = {
  permissions: ['OrganizationalBranding.Read.All', 'OrganizationalBranding.ReadWrite.All', 'Organization.ReadWrite.All', ...READ_DIRECTORY],
  roles: ['User Administrator', 'Guest Inviter', 'Helpdesk Administrator', 'Privileged Role Administrator', 'Identity Governance Administrator'],
} as const;
const ENTITLEMENT_ADMIN = { permissions: ['EntitlementManagement.ReadWrite.All'], roles: ['Identity Governance Administrator'] } as const;
const ENTITLEMENT_CATALOG = { ...ENTITLEMENT_ADMIN, signedInUsers: 'members' } as const;
// Guests ask for, extend and read their own access too; who may do what else is checked per request and catalog.
const ENTITLEMENT_REQUESTOR = { ...ENTITLEMENT_ADMIN, signedInUsers: 'membersAndGuests' } as const;
// Reads also admit apps holding EntitlementManagement.Read.All (src/domain/entitlement/caller.ts treats them as administrators, for reading).
const EM_READ = ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'] as const;
const ENTITLEMENT_ADMIN_READ = { ...ENTITLEMENT_ADMIN, permissions: EM_READ } as const;
const ENTITLEMENT_CATALOG_READ = { ...ENTITLEMENT_CATALOG, permissions: EM_READ } as const;
const ENTITLEMENT_REQUESTOR_READ = { ...ENTITLEMENT_REQUESTOR, permissions: EM_READ } as const;

/**
 * Who may call each operation: one row per endpoint, printed in the README. App-only callers need
 * one of `permissions` (Graph permission names in the token's `roles`); users need one of `roles`
 * (directory roles; Global Administrator may do everything). The endpoint wrapper requires a row
 * for every operation id, so a new endpoint cannot forget its rule.
 */
export const ACCESS_TABLE = {
  health: PUBLIC,
  openapi: PUBLIC,
  // The admin console's static files and its sign-in settings (issue 17): the console itself decides nothing.
  adminConsole: PUBLIC,
  // Gatehouse's OpenID provider (issue 20): the protocol decides who may do what (clients, codes, tokens).
  openIdConfiguration: PUBLIC,
  openIdKeys: PUBLIC,
  openIdEndpointGet: PUBLIC,
  openIdEndpointPost: PUBLIC,
  openIdUserInfoGet: PUBLIC,
  openIdUserInfoPost: PUBLIC,
  // The signed-in user's own directory roles (Graph's /me/memberOf/microsoft.graph.directoryRole): delegated only.
  listMyDirectoryRoles: { permissions: GRAPH_PERMISSIONS, signedInUsers: 'membersAndGuests' },
  // JSON batching: any signed-in caller; each inner request is authorized on its own, as that caller.
  batch: { permissions: GRAPH_PERMISSIONS, roles: Object.keys(DIRECTORY_ROLE_TEMPLATE_IDS) as DirectoryRoleName[], signedInUsers: 'membersAndGuests' },
  // The mail backlog (issue 4): operators of invitations; app-only callers with a directory read permission.
  getMailQueue: { permissions: ['User.Invite.All', ...READ_DIRECTORY], roles: ['User Administrator'] },
  getOrganization: {
    permissions: ['Organization.Read.All', 'Organization.ReadWrite.All', 'User.Read.All', ...READ_DIRECTORY],
    roles: ['User Administrator', 'Guest Inviter', 'Helpdesk Administrator', 'Privileged Role Administrator', 'Identity Governance Administrator'],
    // Graph lets every signed-in user read the organization (User.Read).
    signedInUsers: 'membersAndGuests',
  },
  getOrganizationById: {
    permissions: ['Organization.Read.All', 'Organization.ReadWrite.All', 'User.Read.All', ...READ_DIRECTORY],
    roles: ['User Administrator', 'Guest Inviter', 'Helpdesk Administrator', 'Privileged Role Administrator', 'Identity Governance Administrator'],
    signedInUsers: 'membersAndGuests',
  },
  // Groups and memberships (issue 3): User Administrator manages both; Global Administrator is implied; members may read.
  createGroup: { permissions: GROUP_WRITE, roles: ['User Administrator'] },
  updateGroup: { permissions: GROUP_WRITE, roles: ['User Administrator'] },
  deleteGroup: { permissions: GROUP_WRITE, roles: ['User Administrator'] },
  listGroups: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  getGroup: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  addGroupMember: { permissions: MEMBER_WRITE, roles: ['User Administrator'] },
  removeGroupMember: { permissions: MEMBER_WRITE, roles: ['User Administrator'] },
  listGroupMembers: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  listUserMemberOf: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  checkMemberGroups: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  // Owners: Graph lets only Group.ReadWrite.All / Directory.ReadWrite.All change them (GroupMember.ReadWrite.All cannot); read like members.
  addGroupOwner: { permissions: GROUP_WRITE, roles: ['User Administrator'] },
  removeGroupOwner: { permissions: GROUP_WRITE, roles: ['User Administrator'] },
  listGroupOwners: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  listUserOwnedObjects: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  // Nested groups, type casts and the transitive member functions (issue 15): read like members, written like members.
  countGroupRelation: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  listDeletedGroups: { permissions: GROUP_READ, roles: GROUP_READER_ROLES },
  getDeletedGroup: { permissions: GROUP_READ, roles: GROUP_READER_ROLES },
  restoreDeletedGroup: { permissions: GROUP_WRITE, roles: ['User Administrator'] },
  purgeDeletedGroup: { permissions: GROUP_WRITE, roles: ['User Administrator'] },
  // By id alone (/directory/deletedItems/{id}): anyone who may act on one of the types gets in; the handler then applies the found type's rule above.
  readDeletedItem: { permissions: [...new Set([...USER_READ, ...GROUP_READ, ...APP_READ])], roles: GROUP_READER_ROLES },
  restoreDeletedItem: { permissions: [...new Set([...USER_WRITE, ...GROUP_WRITE, ...APP_WRITE])], roles: ['User Administrator'] },
  purgeDeletedItem: { permissions: [...new Set([...USER_WRITE, ...GROUP_WRITE, ...APP_WRITE])], roles: ['User Administrator'] },
  countGroups: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  removeGroupMemberByRef: { permissions: MEMBER_WRITE, roles: ['User Administrator'] },
  listGroupMembersOfType: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  listGroupTransitiveMembers: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  listGroupMemberOf: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  listTransitiveMemberOf: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  checkGroupMemberGroups: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  getMemberGroups: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  getMemberObjects: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  checkMemberObjects: { permissions: GROUP_READ, roles: GROUP_READER_ROLES, signedInUsers: 'members' },
  // Organization, collaboration policies, users and audit (issue 3, users side).
  updateOrganization: { permissions: ['Organization.ReadWrite.All'] },
  // Company branding (issue 18): read as the organization is read; changed with Graph's branding or organization permission (Global Administrator).
  getOrganizationalBranding: BRANDING_READ,
  listOrganizationalBrandingLocalizations: BRANDING_READ,
  getOrganizationalBrandingLocalization: BRANDING_READ,
  getOrganizationalBrandingImage: BRANDING_READ,
  updateOrganizationalBranding: BRANDING_WRITE,
  createOrganizationalBrandingLocalization: BRANDING_WRITE,
  updateOrganizationalBrandingLocalization: BRANDING_WRITE,
  deleteOrganizationalBrandingLocalization: BRANDING_WRITE,
  putOrganizationalBrandingImage: BRANDING_WRITE,
  // The logos pages and mail clients load: public like the pages that show them.
  getBrandingAsset: PUBLIC,
  getAuthorizationPolicy: { permissions: POLICY_READ, roles: DIRECTORY_READER_ROLES },
  updateAuthorizationPolicy: { permissions: ['Policy.ReadWrite.Authorization'] },
  getInvitationDomainPolicy: { permissions: POLICY_READ, roles: DIRECTORY_READER_ROLES },
  updateInvitationDomainPolicy: { permissions: ['Policy.ReadWrite.Authorization'] },
  createUser: { permissions: USER_WRITE, roles: ['User Administrator'] },
  listUsers: { permissions: USER_READ, roles: DIRECTORY_READER_ROLES, signedInUsers: 'membersAndGuests' },
  getUser: { permissions: USER_READ, roles: DIRECTORY_READER_ROLES, signedInUsers: 'membersAndGuests' },
  updateUser: { permissions: USER_WRITE, roles: ['User Administrator'] },
  deleteUser: { permissions: USER_WRITE, roles: ['User Administrator'] },
  setUserManager: { permissions: USER_WRITE, roles: ['User Administrator'] },
  getUserManager: { permissions: USER_READ, roles: DIRECTORY_READER_ROLES, signedInUsers: 'membersAndGuests' },
  listDeletedUsers: { permissions: USER_READ, roles: ['User Administrator'] },
  getDeletedUser: { permissions: USER_READ, roles: ['User Administrator'] },
  restoreDeletedUser: { permissions: USER_WRITE, roles: ['User Administrator'] },
  purgeDeletedUser: { permissions: USER_WRITE, roles: ['User Administrator'] },
  countUsers: { permissions: USER_READ, roles: DIRECTORY_READER_ROLES, signedInUsers: 'membersAndGuests' },
  listDirectReports: { permissions: USER_READ, roles: DIRECTORY_READER_ROLES, signedInUsers: 'membersAndGuests' },
  // /me: any app permission gets through to the handler, which answers Graph's 400 for app-only tokens.
  getMe: { permissions: GRAPH_PERMISSIONS, signedInUsers: 'membersAndGuests' },
  // PATCH /me: as PATCH /users/{id} (User Administrator); app-only tokens reach the handler for Graph's 400.
  updateMe: { permissions: GRAPH_PERMISSIONS, roles: ['User Administrator'] },
  getDirectoryAudit: { permissions: ['AuditLog.Read.All', ...READ_DIRECTORY] },
  listDirectoryAudits: { permissions: ['AuditLog.Read.All', ...READ_DIRECTORY] },
  // Enterprise applications and app role assignments (issue 3): User Administrator adds users and groups to apps.
  // App registrations (issue 15) and the sign-in log (issue 20).
  createApplication: { permissions: APP_WRITE },
  listApplications: { permissions: APP_READ, roles: APP_READER_ROLES },
  countApplications: { permissions: APP_READ, roles: APP_READER_ROLES },
  getApplication: { permissions: APP_READ, roles: APP_READER_ROLES },
  getApplicationByAppId: { permissions: APP_READ, roles: APP_READER_ROLES },
  updateApplicationByAppId: { permissions: APP_WRITE },
  deleteApplicationByAppId: { permissions: APP_WRITE },
  updateApplication: { permissions: APP_WRITE },
  deleteApplication: { permissions: APP_WRITE },
  addApplicationPassword: { permissions: APP_WRITE },
  removeApplicationPassword: { permissions: APP_WRITE },
  listDeletedApplications: { permissions: APP_READ },
  getDeletedApplication: { permissions: APP_READ },
  restoreDeletedApplication: { permissions: APP_WRITE },
  purgeDeletedApplication: { permissions: APP_WRITE },
  revokeSignInSessions: { permissions: USER_WRITE, roles: ['User Administrator', 'Helpdesk Administrator'] },
  listSignIns: { permissions: ['AuditLog.Read.All'] },
  createServicePrincipal: { permissions: APP_WRITE },
  updateServicePrincipal: { permissions: APP_WRITE },
  deleteServicePrincipal: { permissions: APP_WRITE },
  listServicePrincipals: { permissions: APP_READ, roles: APP_READER_ROLES },
  getServicePrincipal: { permissions: APP_READ, roles: APP_READER_ROLES },
  getServicePrincipalByAppId: { permissions: APP_READ, roles: APP_READER_ROLES },
  updateServicePrincipalByAppId: { permissions: APP_WRITE },
  deleteServicePrincipalByAppId: { permissions: APP_WRITE },
  createAppRoleAssignedTo: { permissions: ASSIGNMENT_WRITE, roles: ['User Administrator'] },
  createUserAppRoleAssignment: { permissions: ASSIGNMENT_WRITE, roles: ['User Administrator'] },
  deleteAppRoleAssignedTo: { permissions: ASSIGNMENT_WRITE, roles: ['User Administrator'] },
  listAppRoleAssignedTo: { permissions: APP_READ, roles: APP_READER_ROLES },
  listUserAppRoleAssignments: { permissions: APP_READ, roles: APP_READER_ROLES },
  // Directory roles (issue 3): only Privileged Role Administrator (and Global Administrator, implied).
  listRoleDefinitions: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  getRoleDefinition: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  listRoleAssignments: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  getRoleAssignment: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  createRoleAssignment: { permissions: ['RoleManagement.ReadWrite.Directory'], roles: ['Privileged Role Administrator'] },
  deleteRoleAssignment: { permissions: ['RoleManagement.ReadWrite.Directory'], roles: ['Privileged Role Administrator'] },
  // The directoryRoles API (issue 15) reads and writes the same assignments.
  listDirectoryRoles: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  getDirectoryRole: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  getDirectoryRoleByTemplateId: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  activateDirectoryRole: { permissions: ['RoleManagement.ReadWrite.Directory'], roles: ['Privileged Role Administrator'] },
  listDirectoryRoleTemplates: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  getDirectoryRoleTemplate: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  listDirectoryRoleMembers: { permissions: ROLE_READ, roles: ['Privileged Role Administrator'] },
  addDirectoryRoleMember: { permissions: ['RoleManagement.ReadWrite.Directory'], roles: ['Privileged Role Administrator'] },
  removeDirectoryRoleMember: { permissions: ['RoleManagement.ReadWrite.Directory'], roles: ['Privileged Role Administrator'] },
  // Guest invitations (issue 5). Users are admitted by type; `allowInvitesFrom` then narrows who may
  // invite (src/domain/invitations/invite-rules.ts). The redeem pages are opened from a mail.
  createInvitation: { permissions: ['User.Invite.All', ...USER_WRITE], roles: ['User Administrator', 'Guest Inviter'], signedInUsers: 'membersAndGuests' },
  previewInvitation: { permissions: ['User.Invite.All', ...USER_WRITE], roles: ['User Administrator', 'Guest Inviter'], signedInUsers: 'membersAndGuests' },
  resendInvitation: { permissions: ['User.Invite.All', ...USER_WRITE], roles: ['User Administrator', 'Guest Inviter'], signedInUsers: 'membersAndGuests' },
  // Bulk invitations: whoever may invite; a job is readable by its creator only (the handler checks).
  createBulkInvitation: { permissions: ['User.Invite.All', ...USER_WRITE], roles: ['User Administrator', 'Guest Inviter'], signedInUsers: 'membersAndGuests' },
  getBulkInvitation: { permissions: ['User.Invite.All', ...USER_WRITE], roles: ['User Administrator', 'Guest Inviter'], signedInUsers: 'membersAndGuests' },
  resumeBulkInvitation: { permissions: ['User.Invite.All', ...USER_WRITE], roles: ['User Administrator', 'Guest Inviter'], signedInUsers: 'membersAndGuests' },
  getBulkInvitationResults: { permissions: ['User.Invite.All', ...USER_WRITE], roles: ['User Administrator', 'Guest Inviter'], signedInUsers: 'membersAndGuests' },
  getUserInvitation: { permissions: ['User.Invite.All', ...USER_READ], roles: DIRECTORY_READER_ROLES },
  redeemInvitationPage: PUBLIC,
  redeemInvitationDecision: PUBLIC,
  // The address check before consent: a code mailed to the link's invited address (never another).
  redeemInvitationSendCode: PUBLIC,
  redeemInvitationVerifyCode: PUBLIC,
  // "Block future invitations": the link's token (a MAC of the address) is the authorization.
  getInvitationOptOut: PUBLIC,
  changeInvitationOptOut: PUBLIC,
  // Entitlement management admin API (issue 6). Members may try catalog operations: the catalog-scoped
  // roles (owner, reader, package managers) are checked in src/domain/entitlement with the catalog's id.
  listEntitlementCatalogs: ENTITLEMENT_CATALOG_READ,
  createEntitlementCatalog: ENTITLEMENT_CATALOG,
  getEntitlementCatalog: ENTITLEMENT_CATALOG_READ,
  updateEntitlementCatalog: ENTITLEMENT_CATALOG,
  deleteEntitlementCatalog: ENTITLEMENT_CATALOG,
  createResourceRequest: ENTITLEMENT_CATALOG,
  listResourceRequests: ENTITLEMENT_CATALOG_READ,
  listCatalogResources: ENTITLEMENT_CATALOG_READ,
  listCatalogResourceRoles: ENTITLEMENT_CATALOG_READ,
  listCatalogRoles: ENTITLEMENT_CATALOG_READ,
  getCatalogResource: ENTITLEMENT_CATALOG_READ,
  listCatalogAccessPackages: ENTITLEMENT_CATALOG_READ,
  listAccessPackages: ENTITLEMENT_CATALOG_READ,
  createAccessPackage: ENTITLEMENT_CATALOG,
  getAccessPackage: ENTITLEMENT_CATALOG_READ,
  updateAccessPackage: ENTITLEMENT_CATALOG,
  deleteAccessPackage: ENTITLEMENT_CATALOG,
  createResourceRoleScope: ENTITLEMENT_CATALOG,
  listResourceRoleScopes: ENTITLEMENT_CATALOG_READ,
  deleteResourceRoleScope: ENTITLEMENT_CATALOG,
  listAssignmentPolicies: ENTITLEMENT_CATALOG_READ,
  listAccessPackageAssignmentPolicies: ENTITLEMENT_CATALOG_READ,
  createAssignmentPolicy: ENTITLEMENT_CATALOG,
  getAssignmentPolicy: ENTITLEMENT_CATALOG_READ,
  replaceAssignmentPolicy: ENTITLEMENT_CATALOG,
  deleteAssignmentPolicy: ENTITLEMENT_CATALOG,
  listEntitlementRoleAssignments: ENTITLEMENT_CATALOG_READ,
  createEntitlementRoleAssignment: ENTITLEMENT_CATALOG,
  getEntitlementRoleAssignment: ENTITLEMENT_CATALOG,
  deleteEntitlementRoleAssignment: ENTITLEMENT_CATALOG,
  listEntitlementRoleDefinitions: ENTITLEMENT_CATALOG_READ,
  getEntitlementRoleDefinition: ENTITLEMENT_CATALOG_READ,
  // Assignment requests and assignments: users for themselves, catalog assignment roles for others (checked in src/domain/entitlement/requests).
  createAssignmentRequest: ENTITLEMENT_REQUESTOR,
  listAssignmentRequests: ENTITLEMENT_REQUESTOR_READ,
  filterAssignmentRequestsByCurrentUser: ENTITLEMENT_REQUESTOR_READ,
  getAssignmentRequest: ENTITLEMENT_REQUESTOR_READ,
  cancelAssignmentRequest: ENTITLEMENT_REQUESTOR,
  reprocessAssignmentRequest: ENTITLEMENT_REQUESTOR,
  listAccessPackageAssignments: ENTITLEMENT_REQUESTOR_READ,
  filterAssignmentsByCurrentUser: ENTITLEMENT_REQUESTOR_READ,
  getAccessPackageAssignment: ENTITLEMENT_REQUESTOR_READ,
  filterAssignmentRequestsByCreator: ENTITLEMENT_REQUESTOR_READ,
  filterAssignmentRequestsByApprover: ENTITLEMENT_REQUESTOR_READ,
  filterAssignmentsByCreator: ENTITLEMENT_REQUESTOR_READ,
  filterAccessPackagesByAllowedRequestor: ENTITLEMENT_REQUESTOR_READ,
  deleteAssignmentRequest: ENTITLEMENT_REQUESTOR,
  reprocessAccessPackageAssignment: ENTITLEMENT_REQUESTOR,
  // The My Access share link: administrators, User Administrators; catalog owners and package managers (checked per catalog).
  getAccessPackageShareLink: { ...ENTITLEMENT_CATALOG, roles: ['Identity Governance Administrator', 'User Administrator'] },
  sendAccessPackageShareLink: { ...ENTITLEMENT_CATALOG, roles: ['Identity Governance Administrator', 'User Administrator'] },
  // The My Access portal (pages; the one-time-passcode session is checked by the pages themselves).
  myAccessForward: PUBLIC,
  myAccessPackagePage: PUBLIC,
  myAccessRequestAccess: PUBLIC,
  myAccessSendCode: PUBLIC,
  myAccessVerifyCode: PUBLIC,
  myAccessSignOut: PUBLIC,
  myAccessRequestsPage: PUBLIC,
  myAccessCancelRequest: PUBLIC,
  myAccessApprovalsPage: PUBLIC,
  myAccessApprovalPage: PUBLIC,
  myAccessDecideApproval: PUBLIC,
  myAccessExtendPage: PUBLIC,
  myAccessExtendAssignment: PUBLIC,
  myAccessHomePage: PUBLIC,
  // Approvals: approvers are users, members or guests (external sponsors); who may decide or read which
  // approval is checked in src/domain/entitlement/approvals. Graph offers no application permission here.
  filterAssignmentApprovalsByCurrentUser: { roles: ['Identity Governance Administrator'], signedInUsers: 'membersAndGuests' },
  getAssignmentApproval: { roles: ['Identity Governance Administrator'], signedInUsers: 'membersAndGuests' },
  listAssignmentApprovalStages: { roles: ['Identity Governance Administrator'], signedInUsers: 'membersAndGuests' },
  getAssignmentApprovalStage: { roles: ['Identity Governance Administrator'], signedInUsers: 'membersAndGuests' },
  decideAssignmentApprovalStage: { roles: ['Identity Governance Administrator'], signedInUsers: 'membersAndGuests' },
  // Connected organizations and lifecycle settings: Identity Governance Administrator and the app permission only.
  listConnectedOrganizations: ENTITLEMENT_ADMIN_READ,
  createConnectedOrganization: ENTITLEMENT_ADMIN,
  getConnectedOrganization: ENTITLEMENT_ADMIN_READ,
  updateConnectedOrganization: ENTITLEMENT_ADMIN,
  deleteConnectedOrganization: ENTITLEMENT_ADMIN,
  addConnectedOrganizationSponsor: ENTITLEMENT_ADMIN,
  listConnectedOrganizationSponsors: ENTITLEMENT_ADMIN_READ,
  removeConnectedOrganizationSponsor: ENTITLEMENT_ADMIN,
  getEntitlementSettings: ENTITLEMENT_ADMIN_READ,
  updateEntitlementSettings: ENTITLEMENT_ADMIN,
} as const satisfies Record<string, AccessRule>;

export type OperationId = keyof typeof ACCESS_TABLE;

/** Port: the directory role template ids a user holds. */
export type RoleLookup = (userId: string) => Promise<readonly string[]>;

export function isPublicOperation(operationId: OperationId): boolean {
  return ACCESS_TABLE[operationId] === PUBLIC;
}

/** Port: the `userType` of an enabled, live user; undefined for anyone else. */
export type UserTypeLookup = (userId: string) => Promise<'Member' | 'Guest' | undefined>;

/**
 * Applies the access table; users' roles are read only when the rule needs them, and their user
 * type only when no role admits them and the rule has `signedInUsers`.
 */
export async function mayCall(principal: Principal, operationId: OperationId, rolesOf: RoleLookup, userTypeOf?: UserTypeLookup): Promise<boolean> {
  const rule: AccessRule = ACCESS_TABLE[operationId];
  if (rule === PUBLIC) return true;
  const roles = principal.kind === 'user' ? await rolesOf(principal.userId) : [];
  if (hasPermission(principal, roles, rule)) return true;
  if (principal.kind !== 'user' || !rule.signedInUsers || !userTypeOf) return false;
  const userType = await userTypeOf(principal.userId);
  return userType === 'Member' || (userType === 'Guest' && rule.signedInUsers === 'membersAndGuests');
}
