import type { AuditEntry } from '../../../../src/domain/audit';
import { Failure } from '../../../../src/domain/errors';
import type { AccessPackage, Catalog, CatalogResource, ConnectedOrganization, DomainClaim, EntitlementSettings, ResourceRequest, RoleScope, Sponsor } from '../../../../src/domain/entitlement/model';
import type { CatalogRoleAssignment } from '../../../../src/domain/entitlement/catalog-roles';
import type { AssignmentPolicy } from '../../../../src/domain/entitlement/policy';
import type { Assignment, AssignmentRequest } from '../../../../src/domain/entitlement/requests/model';
import type { Collection, Where } from '../../../../src/domain/entitlement/ports';
import { matchesWhere, type IndexPlan } from '../../../../src/storage/entitlement-index';
import * as plans from '../../../../src/storage/entitlement-plans';
import type { AccessGrants, DueEntry, DueIndex, EntitlementMailMessage, RequestDeps, RequestUser } from '../../../../src/domain/entitlement/requests/ports';
import type { StoredDocument } from '../../../../src/domain/policies/document-store';
import { takeTokens, type BucketState } from '../../../../src/domain/token-bucket';

/**
 * In-memory doubles of every port of `RequestDeps`, for the request, approval and assignment use
 * cases on a simulated clock. They keep the storage contracts (insert conflicts, ETags, idempotent
 * mail per outboxId, due index as a hint) so a use case that breaks them fails here too; the
 * Azurite adapters are tested against the same contracts in `test/storage/entitlement`.
 */
export function memoryCollection<T extends { id: string }>(plan: IndexPlan<T> = { indexes: {} }): Collection<T> & { all(): T[] } {
  const rows = new Map<string, { value: T; etag: number }>();
  let version = 0;
  const copy = (v: T): T => structuredClone(v);
  const matching = (where: Where): T[] =>
    [...rows.values()]
      .map((r) => r.value)
      .filter((v) => matchesWhere(plan, v, where))
      .sort((a, b) => (plan.order?.(a) ?? '').localeCompare(plan.order?.(b) ?? '') || a.id.localeCompare(b.id))
      .map(copy);
  return {
    all: () => [...rows.values()].map((r) => copy(r.value)),
    async get(id) {
      const row = rows.get(id);
      return row && { value: copy(row.value), etag: String(row.etag) };
    },
    async find(where) {
      return matching(where);
    },
    async page(where, request) {
      const all = matching(where);
      const start = Number(request.continuation ?? 0);
      const end = start + request.top;
      return { items: all.slice(start, end), continuation: end < all.length ? String(end) : undefined };
    },
    async count(where) {
      return matching(where).length;
    },
    async insert(value, conflictMessage) {
      if (rows.has(value.id)) throw new Failure('conflict', conflictMessage);
      rows.set(value.id, { value: copy(value), etag: ++version });
    },
    async replace(value, etag) {
      const row = rows.get(value.id);
      if (!row) throw new Failure('notFound', `${value.id} does not exist`);
      if (String(row.etag) !== etag) throw new Failure('preconditionFailed', 'The entity changed since it was read.');
      rows.set(value.id, { value: copy(value), etag: ++version });
      return String(version);
    },
    async remove(id, etag) {
      const row = rows.get(id);
      if (!row) return;
      if (etag !== undefined && String(row.etag) !== etag) throw new Failure('preconditionFailed', 'The entity changed since it was read.');
      rows.delete(id);
    },
  };
}

export function memoryDueIndex(): DueIndex & { entries(): DueEntry[] } {
  const entries = new Map<string, DueEntry>();
  const key = (e: DueEntry) => `${e.dueAt.toISOString()}|${e.kind}|${e.subjectId}`;
  return {
    entries: () => [...entries.values()],
    async schedule(entry) {
      entries.set(key(entry), { ...entry });
    },
    async listDue(now, limit) {
      return [...entries.values()].filter((e) => e.dueAt <= now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit);
    },
    async remove(entry) {
      entries.delete(key(entry));
    },
  };
}

/** A directory of users and groups, and a record of what delivery and expiry changed in it. */
export function memoryPeople() {
  const users = new Map<string, RequestUser>();
  const groups = new Map<string, Set<string>>();
  const granted = new Map<string, Set<string>>(); // userId → role scope ids
  const log: string[] = [];
  let guestNumber = 0;
  const grants: AccessGrants & { failNext: Set<string> } = {
    failNext: new Set(),
    async ensureGuest(target) {
      const existing = [...users.values()].find((u) => u.mail?.toLowerCase() === target.email.toLowerCase());
      if (existing) return { userId: existing.id, redeemUrl: `https://gatehouse.test/api/redeem?t=${existing.id}`, created: false };
      const id = `guest-${++guestNumber}`;
      users.set(id, { id, displayName: target.displayName, mail: target.email, userType: 'Guest', accountEnabled: true, creationType: 'Invitation', managerId: null, preferredLanguage: null });
      log.push(`ensureGuest ${target.email}`);
      return { userId: id, redeemUrl: `https://gatehouse.test/api/redeem?t=${id}`, created: true };
    },
    async grant(userId, scope: RoleScope) {
      if (grants.failNext.delete(scope.id)) throw new Failure('unavailable', `grant of ${scope.id} failed`);
      if (!granted.has(userId)) granted.set(userId, new Set());
      granted.get(userId)!.add(scope.id);
      if (scope.roleOriginId.startsWith('Member_')) groups.get(scope.scopeOriginId)?.add(userId);
      log.push(`grant ${userId} ${scope.id}`);
    },
    async revoke(userId, scope: RoleScope) {
      granted.get(userId)?.delete(scope.id);
      if (scope.roleOriginId.startsWith('Member_')) groups.get(scope.scopeOriginId)?.delete(userId);
      log.push(`revoke ${userId} ${scope.id}`);
    },
    async setAccountEnabled(userId, enabled) {
      const user = users.get(userId);
      if (user) user.accountEnabled = enabled;
      log.push(`accountEnabled ${userId} ${enabled}`);
    },
    async deleteUser(userId) {
      users.delete(userId);
      log.push(`delete ${userId}`);
    },
  };
  return {
    users,
    groups,
    granted,
    log,
    grants,
    addUser(user: Partial<RequestUser> & { id: string }): RequestUser {
      const full: RequestUser = { displayName: user.id, mail: `${user.id}@contoso.test`, userType: 'Member', accountEnabled: true, creationType: null, managerId: null, preferredLanguage: null, ...user };
      users.set(full.id, full);
      return full;
    },
    addGroup(id: string, memberIds: string[] = []) {
      groups.set(id, new Set(memberIds));
    },
  };
}

export interface Clock {
  now(): Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function simulatedClock(start = new Date('2026-03-02T09:00:00Z')): Clock {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms) => void (at += ms), set: (d) => void (at = d.getTime()) };
}

/** RequestDeps entirely in memory; `people`, `mails`, `audit` and `schedule` are exposed to assert on. */
export function memoryRequestDeps(clock: Clock = simulatedClock()) {
  const people = memoryPeople();
  const mails: EntitlementMailMessage[] = [];
  const audit: AuditEntry[] = [];
  const buckets = new Map<string, Record<string, BucketState>>();
  let settingsDoc: StoredDocument<EntitlementSettings> | undefined;
  let ids = 0;
  const schedule = memoryDueIndex();
  const collections = {
    catalogs: memoryCollection<Catalog>(plans.catalogPlan),
    resources: memoryCollection<CatalogResource>(plans.resourcePlan),
    resourceRequests: memoryCollection<ResourceRequest>(plans.resourceRequestPlan),
    packages: memoryCollection<AccessPackage>(plans.packagePlan),
    roleScopes: memoryCollection<RoleScope>(plans.roleScopePlan),
    policies: memoryCollection<AssignmentPolicy>(plans.policyPlan),
    organizations: memoryCollection<ConnectedOrganization>(plans.organizationPlan),
    sponsors: memoryCollection<Sponsor>(plans.sponsorPlan),
    domains: memoryCollection<DomainClaim>(plans.domainPlan),
    roleAssignments: memoryCollection<CatalogRoleAssignment>(plans.roleAssignmentPlan),
    requests: memoryCollection<AssignmentRequest>(plans.requestPlan),
    packageAssignments: memoryCollection<Assignment>(plans.assignmentPlan),
  };
  const deps = {
    ...collections,
    settings: {
      read: async () => settingsDoc,
      insertIfAbsent: async (value: EntitlementSettings) => (settingsDoc ??= { value, etag: '1' }),
      replace: async (value: EntitlementSettings, etag: string) => {
        if (settingsDoc && settingsDoc.etag !== etag) throw new Failure('preconditionFailed', 'stale');
        return (settingsDoc = { value, etag: String(Number(etag) + 1) });
      },
    },
    assignments: {
      hasActiveAssignments: async (accessPackageId: string) =>
        collections.packageAssignments.all().some((a) => a.accessPackageId === accessPackageId && a.state !== 'expired'),
    },
    directory: {
      user: async (id: string) => people.users.get(id) && { id, displayName: people.users.get(id)!.displayName },
      group: async (id: string) => (people.groups.has(id) ? { id, displayName: `Group ${id}`, description: null } : undefined),
      servicePrincipal: async () => undefined,
    },
    audit: { append: async (entry: AuditEntry) => void audit.push(entry) },
    now: () => clock.now(),
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    schedule,
    mail: { send: async (m: EntitlementMailMessage) => void (mails.some((x) => x.outboxId === m.outboxId) || mails.push(m)) },
    grants: people.grants,
    people: {
      user: async (id: string) => people.users.get(id),
      userByEmail: async (email: string) => [...people.users.values()].find((u) => u.mail?.toLowerCase() === email.toLowerCase()),
      groupMemberIds: async (groupId: string, limit: number) => [...(people.groups.get(groupId) ?? [])].slice(0, limit),
      isGroupMember: async (userId: string, groupId: string) => people.groups.get(groupId)?.has(userId) ?? false,
    },
    site: {
      organization: async () => ({ displayName: 'Contoso', defaultDomain: 'contoso.test', initialDomain: 'contoso.onmicrosoft.test', tenantId: '11111111-1111-4111-8111-111111111111', preferredLanguage: 'en-US', privacyStatementUrl: 'https://contoso.test/privacy', privacyContactEmail: null }),
      portalBaseUrl: 'https://gatehouse.test/api/myaccess',
    },
    limiter: {
      async take(key: string, limits: Parameters<typeof takeTokens>[0], now: Date) {
        const states = buckets.get(key) ?? {};
        const outcome = takeTokens(limits, states, now.getTime());
        if (!outcome.ok) return { ok: false as const, retryAfterMs: outcome.retryAfterMs };
        buckets.set(key, { ...states, ...outcome.states });
        return { ok: true as const };
      },
    },
  } satisfies RequestDeps;
  return { deps: deps as RequestDeps, people, mails, audit, schedule, clock, collections };
}
