/** Guest invitations (issue 5): ports wired to the users, policies, groups/roles/apps and outbox modules. */
import { type Settings } from '../config';
import { loadOrCreateInstanceKey } from '../storage/instance-keys';
import { createTableRoleLookup } from '../storage/role-lookup';
import { createTableRateLimiter } from '../storage/rate-limiter';
import { throttleInvitations, type InvitationThrottleDeps } from '../domain/invitations/throttle-invitations';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Caller, InvitationDeps } from '../domain/invitations/ports';
import type { Principal } from '../domain/principal';
import { createInvitationAssignments } from '../storage/invitation-assignments';
import { createInvitationCallers } from '../storage/invitation-callers';
import { createDocumentInvitationPolicies, createUserModuleGuestAccounts } from '../storage/invitation-directory';
import { createTableInvitationRepository } from '../storage/invitation-repository';
import type { MailQueueName } from '../storage/outbox-queue';
import type { QueueClient } from '@azure/storage-queue';
import { createTableTicketStore } from '../storage/invitation-tickets';
import { createTableReminderIndex } from '../storage/invitation-reminders';
import { createTableOptOutStore } from '../storage/invitation-opt-outs';
import type { IdempotencyDeps } from '../domain/idempotency/idempotency';
import { createTableIdempotencyStore } from '../storage/idempotency-keys';
import type { BulkChunkQueue, BulkJobStore } from '../domain/invitations/bulk-job';
import { createStorageBulkChunkQueue, createTableBulkJobStore } from '../storage/bulk-invitations';
import { settings, storage } from './core';
import { withCrashPoints } from './crash-points';
import { applicationDeps, authorizationPolicyStore, directoryAudit, groupModule, invitationDomainPolicyStore, organizationSeed, organizationStore, roleDeps, userDeps } from './directory';

let invitationThrottleDeps: InvitationThrottleDeps | undefined;
/** Throttles invitation requests (INVITE_RATE_LIMIT_PER_5S) across every instance. */
export function invitationThrottle(): Promise<void> {
  invitationThrottleDeps ??= {
    limiter: createTableRateLimiter(storage().table('RateLimits'), { remember: true }),
    limitPer5s: settings().INVITE_RATE_LIMIT_PER_5S,
    now: () => new Date(),
    random: Math.random,
    local: { states: {} },
  };
  return throttleInvitations(invitationThrottleDeps);
}

let operationKeyLoad: Promise<Uint8Array> | undefined;
/** The key invitation operations derive their ids and links from (see domain/invitations/operation-ids.ts). */
const operationKey = () =>
  (operationKeyLoad ??= loadOrCreateInstanceKey(storage().table('Settings'), 'invitation-operations').catch((error: unknown) => {
    operationKeyLoad = undefined;
    throw error;
  }));

const invitationQueueClients = new Map<MailQueueName, QueueClient>();
/** Each mail queue, wrapped for crash points once (the invitation path's queue writes are one crash point). */
const invitationMailQueues = (name: MailQueueName): QueueClient => {
  let client = invitationQueueClients.get(name);
  if (!client) invitationQueueClients.set(name, (client = withCrashPoints('invitationMailQueue', storage().queue(name))));
  return client;
};

let invitationParts: { deps: InvitationDeps; describeCaller: (principal: Principal) => Promise<Caller> } | undefined;
/** What the invitation use cases need, and how a caller is described to them. */
export function invitationModule(): { deps: InvitationDeps; describeCaller: (principal: Principal) => Promise<Caller> } {
  if (invitationParts) return invitationParts;
  const guests = withCrashPoints('guests', createUserModuleGuestAccounts(userDeps));
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
    invitations: withCrashPoints(
      'invitations',
      createTableInvitationRepository({ table: storage().table('Invitations'), outboxTable: 'Invitations', queue: invitationMailQueues, now: () => new Date() }),
    ),
    tickets: withCrashPoints('tickets', createTableTicketStore(storage().table('InvitationTickets'))),
    reminders: withCrashPoints('reminders', createTableReminderIndex(storage().table('InvitationReminders'))),
    optOuts: createTableOptOutStore(storage().table('InvitationOptOuts')),
    deriveBytes: async (label) => createHmac('sha256', await operationKey()).update(label, 'utf8').digest(),
    audit: directoryAudit(),
    publicBaseUrl: settings().PUBLIC_BASE_URL.replace(/\/+$/, ''),
    now: () => new Date(),
    newId: () => randomUUID(),
    randomBytes: (size) => randomBytes(size),
  };
  const describeCaller = createInvitationCallers({
    rolesOf: createTableRoleLookup(storage().table('RoleAssignments')),
    guests,
    organizationName: async () => (await policies.organization()).displayName,
    senderAddress: settings().EMAIL_SENDER_ADDRESS,
  });
  return (invitationParts = { deps, describeCaller });
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
    store: withCrashPoints('bulkStore', createTableBulkJobStore(storage().table('BulkInvitations'), sealKey)),
    queue: withCrashPoints('bulkQueue', createStorageBulkChunkQueue(storage().queue('bulk-invitations'))),
  });
}
