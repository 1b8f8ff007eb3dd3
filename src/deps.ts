import type { TokenCredential } from '@azure/identity';
import { loadSettings, type Settings } from './config';
import { isPublicOperation, mayCall } from './domain/access';
import { Failure } from './domain/errors';
import type { HealthDeps } from './domain/health';
import { AuthenticationUnavailableError, createTokenVerifier, type TokenVerifier } from './http/auth';
import type { HttpDeps } from './http/endpoint';
import { createStorageClients, type StorageClients } from './storage/clients';
import { loadOrCreateInstanceKey } from './storage/instance-keys';
import { createTableRoleLookup } from './storage/role-lookup';
import type { MailParts } from './email/sender-deps';
import { createAcsMailer } from './email/acs-mailer';
import { createTableOutbox } from './storage/outbox-repository';
import { createTableMailPace } from './storage/outbox-pace';
import { approximateQueueLength, createQueueMailQueue, enqueueOutbox } from './storage/outbox-queue';
import { createTableRateLimiter } from './storage/rate-limiter';
import { throttleInvitations, type InvitationThrottleDeps } from './domain/invitations/throttle-invitations';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Caller, InvitationDeps } from './domain/invitations/ports';
import type { Principal } from './domain/principal';
import { createInvitationAssignments } from './storage/invitation-assignments';
import { createInvitationCallers } from './storage/invitation-callers';
import { createDocumentInvitationPolicies, createUserModuleGuestAccounts } from './storage/invitation-directory';
import { createTableInvitationRepository } from './storage/invitation-repository';
import { createTableTicketStore } from './storage/invitation-tickets';
import { createTableReminderIndex } from './storage/invitation-reminders';
import type { PrincipalLifecycle, UserChangeObserver } from './domain/directory/ports';
import { seedOrganization, type Organization } from './domain/organization';
import { loadOrSeed, type DocumentStore } from './domain/policies/document-store';
import { defaultAuthorizationPolicy, type AuthorizationPolicy } from './domain/policies/authorization-policy';
import { defaultInvitationDomainPolicy, type InvitationDomainPolicy } from './domain/policies/invitation-domain-policy';
import { authorizationPolicyDocument, invitationDomainPolicyDocument, organizationDocument } from './domain/policies/schemas';
import type { UserDeps, UserRepository } from './domain/users/ports';
import type { GuestVisibilityDeps } from './domain/users/guest-visibility';
import { createTableAuditLog, type AuditReader } from './storage/audit-log';
import type { AuditLog } from './domain/audit';
import { createTableDocumentStore } from './storage/policy-document-store';
import { createTableUserRepository } from './storage/user-repository';
import type { UserDirectory } from './domain/directory/ports';
import { createUserDirectory } from './domain/users/user-directory';
import { createGroupModule, type GroupModule } from './storage/group-module';
import { createPrincipalDirectory, type ApplicationDeps, type PrincipalDirectory } from './domain/applications';
import type { RoleDeps } from './domain/roles';
import { createTableAppRoleAssignments } from './storage/app-role-assignment-repository';
import { createTableRoleAssignments } from './storage/role-assignment-repository';
import { createTableServicePrincipals, type ServicePrincipalStore } from './storage/service-principal-repository';
import type { IdempotencyDeps } from './domain/idempotency/idempotency';
import { createTableIdempotencyStore } from './storage/idempotency-keys';
import type { BulkChunkQueue, BulkJobStore } from './domain/invitations/bulk-job';
import { createStorageBulkChunkQueue, createTableBulkJobStore } from './storage/bulk-invitations';
import { createEntitlementModule, type EntitlementModule } from './storage/entitlement-module';
import { entitlementSettingsDoc } from './storage/entitlement-rows';
import { entitlementPrincipalLifecycle } from './domain/entitlement/principal-lifecycle';

/**
 * The composition root: settings are read when the app loads (a bad setting stops start-up with one
 * message naming every bad key); clients are built once per worker, on first use.
 */
const loadedSettings: Settings = loadSettings(process.env);

export function settings(): Settings {
  return loadedSettings;
}

let credential: TokenCredential | undefined;
/** The managed identity in Azure (its client id is the storage identity's). Never built locally. */
function azureCredential(): TokenCredential {
  const clientId = loadedSettings.AzureWebJobsStorage__clientId;
  // Loaded on first use: the identity library (MSAL) is a large share of start-up and is never needed locally.
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return (credential ??= new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {}));
}

let storageClients: StorageClients | undefined;
export function storage(): StorageClients {
  return (storageClients ??= createStorageClients(loadedSettings, azureCredential));
}

let verifier: TokenVerifier | undefined;
function tokenVerifier(): TokenVerifier {
  return (verifier ??= createTokenVerifier({
    issuer: loadedSettings.AUTH_ISSUER,
    audience: loadedSettings.AUTH_AUDIENCE,
    jwksUri: loadedSettings.AUTH_JWKS_URI,
  }));
}

let http: HttpDeps | undefined;
export function httpDeps(): HttpDeps {
  if (http) return http;
  const rolesOf = createTableRoleLookup(storage().table('RoleAssignments'));
  const userTypeOf = async (userId: string) => {
    const stored = await userRepository().get(userId);
    return stored && !stored.user.deletedAt && stored.user.accountEnabled ? stored.user.userType : undefined;
  };
  return (http = {
    maxBodyBytes: loadedSettings.HTTP_MAX_BODY_BYTES,
    now: () => new Date(),
    async authenticate(request) {
      let result;
      try {
        result = await tokenVerifier().authenticate(request.headers);
      } catch (error) {
        // The issuer's keys could not be fetched: our outage, not the caller's bad token.
        if (error instanceof AuthenticationUnavailableError) {
          throw new Failure('unavailable', 'Tokens cannot be verified right now. Retry later.', { retryAfterSeconds: 30 });
        }
        throw error;
      }
      if (!result.ok) throw new Failure('unauthenticated', result.error.message);
      return result.principal;
    },
    authorize: (principal, operationId) => mayCall(principal, operationId, rolesOf, userTypeOf),
    isPublic: isPublicOperation,
  });
}

let pagingKey: Promise<Uint8Array> | undefined;
/** The key that authenticates `$skiptoken`s, shared by every instance through storage. */
export function skipTokenKey(): Promise<Uint8Array> {
  pagingKey ??= loadOrCreateInstanceKey(storage().table('Settings'), 'skiptoken').catch((error: unknown) => {
    pagingKey = undefined;
    throw error;
  });
  return pagingKey;
}

export function healthDeps(): HealthDeps {
  return {
    async pingStorage() {
      // One cheap authenticated call per service the app cannot work without; a storage that hangs
      // must answer "unavailable" quickly, not after the SDK's retries.
      const abortSignal = AbortSignal.timeout(3_000);
      await Promise.all([
        storage().tableService.listTables({ abortSignal }).byPage({ maxPageSize: 1 }).next(),
        storage().queueService.getProperties({ abortSignal }),
      ]);
    },
  };
}

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
  return (users ??= createTableUserRepository(storage().table('Users'), storage().table('UserAddresses')));
}

let organization: DocumentStore<Organization> | undefined;
let authorizationPolicy: DocumentStore<AuthorizationPolicy> | undefined;
let invitationDomainPolicy: DocumentStore<InvitationDomainPolicy> | undefined;
/** The organization, seeded from settings on first use (TenantSettings table). */
export function organizationStore(): DocumentStore<Organization> {
  return (organization ??= createTableDocumentStore(storage().table('TenantSettings'), 'organization', organizationDocument));
}
export function authorizationPolicyStore(): DocumentStore<AuthorizationPolicy> {
  return (authorizationPolicy ??= createTableDocumentStore(storage().table('TenantSettings'), 'authorizationPolicy', authorizationPolicyDocument));
}
export function invitationDomainPolicyStore(): DocumentStore<InvitationDomainPolicy> {
  return (invitationDomainPolicy ??= createTableDocumentStore(storage().table('TenantSettings'), 'invitationDomainPolicy', invitationDomainPolicyDocument));
}

/** The organization as the settings describe it, for the first read. */
export function organizationSeed(): Organization {
  const s = loadedSettings;
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
      const org = await currentOrganization();
      return org.verifiedDomains.map((d) => d.name.toLowerCase());
    },
    now: () => new Date(),
    newId: () => randomUUID(),
    // The change itself landed; the purgeDeletedUsers sweep finishes what failed here.
    onDeferred: (error) => console.warn('user change consequences deferred to the repair sweep:', error instanceof Error ? error.message : String(error)),
  };
}

let mailParts: MailParts | undefined;
let orgLanguage: { language: string; readAt: number } | undefined;
/** The outbox, the ACS mailer, the shared pace and the mail queue, built once per worker. */
export function mailDeps(): MailParts {
  if (mailParts) return mailParts;
  const s = loadedSettings;
  const queue = storage().queue('email-outbox');
  return (mailParts = {
    outbox: createTableOutbox((name) => storage().table(name)),
    mailer: createAcsMailer({
      connectionString: s.EMAIL_CONNECTION_STRING,
      endpoint: s.EMAIL_ENDPOINT,
      credential: azureCredential,
      senderAddress: s.EMAIL_SENDER_ADDRESS,
    }),
    pace: createTableMailPace({
      table: storage().table('RateLimits'),
      limiter: createTableRateLimiter(storage().table('RateLimits')),
      perMinute: s.EMAIL_RATE_PER_MINUTE,
      perHour: s.EMAIL_RATE_PER_HOUR,
    }),
    queue: createQueueMailQueue(queue, storage().queue('email-outbox-poison')),
    enqueue: (pointer) => enqueueOutbox(queue, pointer),
    queueLength: () => approximateQueueLength(queue),
    ratePerMinute: s.EMAIL_RATE_PER_MINUTE,
    ratePerHour: s.EMAIL_RATE_PER_HOUR,
    async organizationLanguage() {
      // Read at most once a minute per worker: a language change need not reach the very next mail.
      if (!orgLanguage || Date.now() - orgLanguage.readAt > 60_000) {
        const language = (await organizationStore().read())?.value.preferredLanguage ?? s.ORGANIZATION_PREFERRED_LANGUAGE;
        orgLanguage = { language, readAt: Date.now() };
      }
      return orgLanguage.language;
    },
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
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
    evaluationQueue: storage().queue('group-evaluation'),
    audit: directoryAudit(),
    users,
    // A deleted group's app role assignments go with it.
    groupLifecycles: [{ principalPurged: (id) => appRoleAssignmentLifecycle().principalPurged(id) }],
    now: () => new Date(),
    newId: () => randomUUID(),
  });
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

// Guest invitations (issue 5): ports wired to the users, policies, groups/roles/apps and outbox modules.
let invitationThrottleDeps: InvitationThrottleDeps | undefined;
/** Throttles invitation requests (INVITE_RATE_LIMIT_PER_5S) across every instance. */
export function invitationThrottle(): Promise<void> {
  invitationThrottleDeps ??= {
    limiter: createTableRateLimiter(storage().table('RateLimits')),
    limitPer5s: loadedSettings.INVITE_RATE_LIMIT_PER_5S,
    now: () => new Date(),
  };
  return throttleInvitations(invitationThrottleDeps);
}

let invitationParts: { deps: InvitationDeps; describeCaller: (principal: Principal) => Promise<Caller> } | undefined;
/** What the invitation use cases need, and how a caller is described to them. */
export function invitationModule(): { deps: InvitationDeps; describeCaller: (principal: Principal) => Promise<Caller> } {
  if (invitationParts) return invitationParts;
  const guests = createUserModuleGuestAccounts(userDeps);
  const policies = createDocumentInvitationPolicies({
    organization: organizationStore(),
    organizationSeed,
    authorizationPolicy: authorizationPolicyStore(),
    domainPolicy: invitationDomainPolicyStore(),
  });
  const deps: InvitationDeps = {
    guests,
    policies,
    assignments: createInvitationAssignments({ groups: () => groupModule().deps, roles: roleDeps, applications: applicationDeps }),
    invitations: createTableInvitationRepository({ table: storage().table('Invitations'), outboxTable: 'Invitations', queue: storage().queue('email-outbox'), now: () => new Date() }),
    tickets: createTableTicketStore(storage().table('InvitationTickets')),
    reminders: createTableReminderIndex(storage().table('InvitationReminders')),
    resendLimiter: createTableRateLimiter(storage().table('RateLimits')),
    audit: directoryAudit(),
    publicBaseUrl: loadedSettings.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    now: () => new Date(),
    newId: () => randomUUID(),
    randomBytes: (size) => randomBytes(size),
  };
  const describeCaller = createInvitationCallers({
    rolesOf: createTableRoleLookup(storage().table('RoleAssignments')),
    guests,
    organizationName: async () => (await policies.organization()).displayName,
    senderAddress: loadedSettings.EMAIL_SENDER_ADDRESS,
  });
  return (invitationParts = { deps, describeCaller });
}

// Entitlement management (issue 6): the admin API's collections, wired to the directory modules.
let entitlementParts: EntitlementModule | undefined;
/** What the entitlement-management use cases need, and how a caller is described to them. */
export function entitlementModule(): EntitlementModule {
  return (entitlementParts ??= createEntitlementModule({
    tables: (name) => storage().table(name),
    rolesOf: createTableRoleLookup(storage().table('RoleAssignments')),
    settings: createTableDocumentStore(storage().table('TenantSettings'), 'entitlementManagementSettings', entitlementSettingsDoc),
    directory: {
      user: async (id) => {
        const stored = await userRepository().get(id);
        return stored && !stored.user.deletedAt ? { id: stored.user.id, displayName: stored.user.displayName } : undefined;
      },
      group: async (id) => {
        const group = (await groupModule().deps.groups.get(id))?.value;
        return group && { id: group.id, displayName: group.displayName, description: group.description };
      },
      servicePrincipal: async (id) => (await servicePrincipalStore().get(id))?.value,
    },
    audit: directoryAudit(),
  }));
}

// Idempotency-Key (issue 5 item 8): kept responses sealed under an instance key, table `IdempotencyKeys`.
let idempotency: IdempotencyDeps | undefined;
let idempotencySealKey: Promise<Uint8Array> | undefined;
/** What the Idempotency-Key wrapper needs (src/http/idempotency.ts). */
export function idempotencyDeps(): IdempotencyDeps {
  const sealKey = () =>
    (idempotencySealKey ??= loadOrCreateInstanceKey(storage().table('Settings'), 'idempotency').catch((error: unknown) => {
      idempotencySealKey = undefined;
      throw error;
    }));
  return (idempotency ??= {
    store: createTableIdempotencyStore(storage().table('IdempotencyKeys'), sealKey),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    waitMs: 2_000,
  });
}

// Bulk invitations (issue 5 item 7): table `BulkInvitations`, queue `bulk-invitations`.
let bulkParts: { store: BulkJobStore; queue: BulkChunkQueue } | undefined;
let bulkSealKey: Promise<Uint8Array> | undefined;
/** The bulk job store (redeem URLs sealed under an instance key) and the chunk queue. */
export function bulkInvitations(): { store: BulkJobStore; queue: BulkChunkQueue } {
  const sealKey = () =>
    (bulkSealKey ??= loadOrCreateInstanceKey(storage().table('Settings'), 'bulk-invitations').catch((error: unknown) => {
      bulkSealKey = undefined;
      throw error;
    }));
  return (bulkParts ??= {
    store: createTableBulkJobStore(storage().table('BulkInvitations'), sealKey),
    queue: createStorageBulkChunkQueue(storage().queue('bulk-invitations')),
  });
}

// A purged user's catalog roles and sponsorships go with it.
principalLifecycles.push(entitlementPrincipalLifecycle(() => entitlementModule().deps));
