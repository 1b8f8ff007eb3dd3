/** The directory modules (users, organization and policies, audit, groups, applications, roles) and how they observe each other. */
import { createTableRoleLookup } from '../storage/role-lookup';
import { randomUUID } from 'node:crypto';
import type { PrincipalLifecycle, UserChangeObserver } from '../domain/directory/ports';
import { seedOrganization, type Organization } from '../domain/organization';
import { loadOrSeed } from '../domain/policies/document-store';
import { defaultAuthorizationPolicy, type AuthorizationPolicy } from '../domain/policies/authorization-policy';
import { defaultInvitationDomainPolicy, type InvitationDomainPolicy } from '../domain/policies/invitation-domain-policy';
import { authorizationPolicyDocument, invitationDomainPolicyDocument, organizationDocument } from '../domain/policies/schemas';
import type { UserDeps, UserRepository } from '../domain/users/ports';
import type { GuestVisibilityDeps } from '../domain/users/guest-visibility';
import { createTableAuditLog, type AuditReader } from '../storage/audit-log';
import type { AuditLog } from '../domain/audit';
import { createTableDocumentStore } from '../storage/policy-document-store';
import { withReadCache, type CachedDocumentStore } from '../storage/cached-document-store';
import { createTableUserRepository } from '../storage/user-repository';
import { createIndexedCollection, type IndexedCollection } from '../storage/indexed-collection';
import { DELETED_USER_INDEXES, USER_INDEXES, userIndexDocument } from '../domain/users/user-indexes';
import { toGraphUser } from '../domain/users/user-wire';
import { GROUP_INDEXES, groupIndexDocument } from '../domain/groups/group-indexes';
import type { UserDirectory } from '../domain/directory/ports';
import { createUserDirectory } from '../domain/users/user-directory';
import { createGroupModule, type GroupModule } from '../storage/group-module';
import { createPrincipalDirectory, type ApplicationDeps, type PrincipalDirectory } from '../domain/applications';
import type { RoleDeps } from '../domain/roles';
import { createTableAppRoleAssignments } from '../storage/app-role-assignment-repository';
import { createTableRoleAssignments } from '../storage/role-assignment-repository';
import { createTableServicePrincipals, type ServicePrincipalStore } from '../storage/service-principal-repository';
import { settings, storage } from './core';
import { crashPointHook, withCrashPoints } from './crash-points';

/**
 * Told about every user change (created, updated, deleted, restored, purged). Starts empty: the
 * groups module appends its dynamic-membership observer here.
 */
export const userChangeObservers: UserChangeObserver[] = [];

/**
 * Run when a user is soft-deleted, restored or purged. Starts empty: the groups and the
 * applications/roles modules append theirs here.
 */
export const principalLifecycles: PrincipalLifecycle[] = [];

let directoryAuditLog: (AuditLog & AuditReader) | undefined;
/** The directory audit log (table `AuditLogs`). */
export function directoryAudit(): AuditLog & AuditReader {
  return (directoryAuditLog ??= createTableAuditLog(storage().table('AuditLogs')));
}

let users: UserRepository | undefined;
export function userRepository(): UserRepository {
  if (users) return users;
  const hook = crashPointHook();
  // With crash points on, one more between the address claims and the user row.
  const hooks = hook ? { afterClaims: async () => hook('users.create:claimed') } : {};
  const listIndex = { collection: userListIndex(), document: userIndexDocument };
  const deletedIndex = { collection: deletedUserListIndex(), document: toGraphUser };
  tableUsers = createTableUserRepository(storage().table('Users'), storage().table('UserAddresses'), hooks, listIndex, deletedIndex);
  return (users = withCrashPoints('users', tableUsers));
}

/** Indexes users stored before the list index existed (once; see the buildUserListIndex timer). */
export function buildUserListIndex(): Promise<number> {
  userRepository();
  return tableUsers!.buildListIndex(new Date());
}

let tableUsers: ReturnType<typeof createTableUserRepository> | undefined;
let userIndex: IndexedCollection | undefined;
let deletedUserIndex: IndexedCollection | undefined;
/** The index rows of the deleted users: their list and the 30-day purge (table `DirectoryIndex`, partition `deletedUsers`). */
export function deletedUserListIndex(): IndexedCollection {
  return (deletedUserIndex ??= createIndexedCollection(storage().table('DirectoryIndex'), 'deletedUsers', DELETED_USER_INDEXES));
}

/** The index rows that serve GET /users (table `DirectoryIndex`, partition `users`). */
export function userListIndex(): IndexedCollection {
  return (userIndex ??= createIndexedCollection(storage().table('DirectoryIndex'), 'users', USER_INDEXES));
}

let organization: CachedDocumentStore<Organization> | undefined;
let authorizationPolicy: CachedDocumentStore<AuthorizationPolicy> | undefined;
let invitationDomainPolicy: CachedDocumentStore<InvitationDomainPolicy> | undefined;
// Each store keeps a few-second copy for hot paths (`current`, SETTINGS_CACHE_MS); `read` stays fresh.
/** The organization, seeded from settings on first use (TenantSettings table). */
export function organizationStore(): CachedDocumentStore<Organization> {
  return (organization ??= withReadCache(createTableDocumentStore(storage().table('TenantSettings'), 'organization', organizationDocument)));
}
export function authorizationPolicyStore(): CachedDocumentStore<AuthorizationPolicy> {
  return (authorizationPolicy ??= withReadCache(createTableDocumentStore(storage().table('TenantSettings'), 'authorizationPolicy', authorizationPolicyDocument)));
}
export function invitationDomainPolicyStore(): CachedDocumentStore<InvitationDomainPolicy> {
  return (invitationDomainPolicy ??= withReadCache(createTableDocumentStore(storage().table('TenantSettings'), 'invitationDomainPolicy', invitationDomainPolicyDocument)));
}

/** The organization as the settings describe it, for the first read. */
export function organizationSeed(): Organization {
  const s = settings();
  return seedOrganization({
    tenantId: s.ORGANIZATION_TENANT_ID,
    name: s.ORGANIZATION_NAME,
    initialDomain: s.ORGANIZATION_INITIAL_DOMAIN,
    preferredLanguage: s.ORGANIZATION_PREFERRED_LANGUAGE,
    privacyStatementUrl: s.PRIVACY_STATEMENT_URL,
    privacyContactEmail: s.PRIVACY_CONTACT_EMAIL,
  });
}

/** What the user use cases (src/domain/users) need, including for the invitation module. */
export function userDeps(): UserDeps {
  return {
    users: userRepository(),
    audit: directoryAudit(),
    observers: userChangeObservers,
    lifecycles: principalLifecycles,
    async verifiedDomains() {
      // Checked on every user creation: the short-lived copy (verified domains change rarely).
      const org = await organizationStore().current(organizationSeed);
      return org.verifiedDomains.map((d) => d.name.toLowerCase());
    },
    now: () => new Date(),
    newId: () => randomUUID(),
    // The change itself landed; the purgeDeletedUsers sweep finishes what failed here.
    onDeferred: (error) => console.warn('user change consequences deferred to the repair sweep:', error instanceof Error ? error.message : String(error)),
  };
}

/** The current authorization policy (seeded with Entra's defaults on first use). */
export async function currentAuthorizationPolicy(): Promise<AuthorizationPolicy> {
  return (await loadOrSeed(authorizationPolicyStore(), defaultAuthorizationPolicy)).value;
}

/** The current invitation domain policy (allow any, block none, until changed). */
export async function currentInvitationDomainPolicy(): Promise<InvitationDomainPolicy> {
  return (await loadOrSeed(invitationDomainPolicyStore(), defaultInvitationDomainPolicy)).value;
}

/** The organization (seeded from settings on first use). */
export async function currentOrganization(): Promise<Organization> {
  return (await loadOrSeed(organizationStore(), organizationSeed)).value;
}

export function guestVisibilityDeps(): GuestVisibilityDeps {
  return { users: userRepository(), rolesOf: createTableRoleLookup(storage().table('RoleAssignments')), authorizationPolicy: currentAuthorizationPolicy };
}

/**
 * Wires the groups module (groups, memberships, dynamic rules) to a users directory. `groupModule()`
 * passes the users module's; tests and benchmarks may pass their own.
 */
export function wireGroupModule(users: UserDirectory): GroupModule {
  return createGroupModule({
    groupsTable: storage().table('Groups'),
    membershipsTable: storage().table('GroupMemberships'),
    ownersTable: storage().table('GroupOwners'),
    evaluationQueue: storage().queue('group-evaluation'),
    audit: directoryAudit(),
    users,
    // A deleted group's app role assignments go with it.
    groupLifecycles: [{
      principalDeleted: (id) => appRoleAssignmentLifecycle().principalDeleted(id),
      principalRestored: (id) => appRoleAssignmentLifecycle().principalRestored(id),
      principalPurged: (id) => appRoleAssignmentLifecycle().principalPurged(id),
    }],
    listIndex: { collection: groupListIndex(), document: groupIndexDocument },
    now: () => new Date(),
    newId: () => randomUUID(),
  });
}

/** Indexes groups stored before the list index existed (once; see the buildGroupListIndex timer). */
export function buildGroupListIndex(): Promise<number> {
  return groupModule().deps.groups.buildListIndex(new Date());
}

/** Syncs the list index of groups whose write crashed before its index sync (markers older than 5 minutes). */
export function repairGroupListIndex(): Promise<number> {
  return groupModule().deps.groups.repairListIndex(new Date(Date.now() - 5 * 60_000));
}

let groupIndex: IndexedCollection | undefined;
/** The index rows that serve GET /groups (table `DirectoryIndex`, partition `groups`). */
export function groupListIndex(): IndexedCollection {
  return (groupIndex ??= createIndexedCollection(storage().table('DirectoryIndex'), 'groups', GROUP_INDEXES));
}

let groups: GroupModule | undefined;
/** The groups module on the users module's directory, built on first use. */
export function groupModule(): GroupModule {
  return (groups ??= wireGroupModule(createUserDirectory(userRepository())));
}

// The users module tells the groups module about user changes and deletions; resolved lazily so
// loading this file builds nothing.
userChangeObservers.push({ userChanged: (change) => groupModule().observer.userChanged(change) });
principalLifecycles.push({
  principalDeleted: (id) => groupModule().lifecycle.principalDeleted(id),
  principalRestored: (id) => groupModule().lifecycle.principalRestored(id),
  principalPurged: (id) => groupModule().lifecycle.principalPurged(id),
});

// Applications (enterprise apps, app role assignments) and directory roles (issue 3).
let servicePrincipals: ServicePrincipalStore | undefined;
/** Enterprise applications (table `ServicePrincipals`). */
export function servicePrincipalStore(): ServicePrincipalStore {
  return (servicePrincipals ??= createTableServicePrincipals(storage().table('ServicePrincipals')));
}

let appRoleAssignments: ReturnType<typeof createTableAppRoleAssignments> | undefined;
function appRoleAssignmentStore(): ReturnType<typeof createTableAppRoleAssignments> {
  return (appRoleAssignments ??= createTableAppRoleAssignments(storage().table('AppRoleAssignments')));
}

let directoryRoleAssignments: ReturnType<typeof createTableRoleAssignments> | undefined;
function directoryRoleAssignmentStore(): ReturnType<typeof createTableRoleAssignments> {
  return (directoryRoleAssignments ??= createTableRoleAssignments(storage().table('RoleAssignments')));
}

/**
 * Hides, restores and purges a principal's app role assignments. Users get it through
 * `principalLifecycles`; a deleted group's assignments go when `principalPurged(groupId)` is called.
 */
export function appRoleAssignmentLifecycle(): PrincipalLifecycle {
  return appRoleAssignmentStore();
}

/** Live users (users module) and groups (groups module) that assignments may name. */
function assignablePrincipals(): PrincipalDirectory {
  return createPrincipalDirectory(createUserDirectory(userRepository()), {
    groupDisplayName: async (id) => (await groupModule().deps.groups.get(id))?.value.displayName,
  });
}

/** What the application use cases need (`assignAppRole`, `effectiveAppRoles`, …), for invitations and access packages too. */
export function applicationDeps(): ApplicationDeps {
  return {
    servicePrincipals: servicePrincipalStore(),
    assignments: appRoleAssignmentStore(),
    principals: assignablePrincipals(),
    memberships: groupModule().reader,
    audit: directoryAudit(),
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}

/** What the directory role use cases need (`assignDirectoryRole`, `removeDirectoryRole`). */
export function roleDeps(): RoleDeps {
  return {
    roleAssignments: directoryRoleAssignmentStore(),
    principals: assignablePrincipals(),
    audit: directoryAudit(),
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}

// A soft-deleted, restored or purged user's app role and directory role assignments follow it.
principalLifecycles.push(
  {
    principalDeleted: (id) => appRoleAssignmentLifecycle().principalDeleted(id),
    principalRestored: (id) => appRoleAssignmentLifecycle().principalRestored(id),
    principalPurged: (id) => appRoleAssignmentLifecycle().principalPurged(id),
  },
  {
    principalDeleted: (id) => directoryRoleAssignmentStore().principalDeleted(id),
    principalRestored: (id) => directoryRoleAssignmentStore().principalRestored(id),
    principalPurged: (id) => directoryRoleAssignmentStore().principalPurged(id),
  },
);

/** The directory role template ids a user holds (one partition read). */
export function directoryRolesOf(userId: string): Promise<readonly string[]> {
  return createTableRoleLookup(storage().table('RoleAssignments'))(userId);
}
