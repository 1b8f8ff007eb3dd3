import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AZURE_LIKE_SETTINGS } from '../dev/azure-like-settings';
import { spawnRuntime } from '../dev/spawn-runtime';
import type { Assignment, AssignmentRequest } from '../src/domain/entitlement/requests/model';
import type { AuditEntry } from '../src/domain/audit';
import type { Group } from '../src/domain/groups/group';
import type { User } from '../src/domain/users/user';
import { BENCH_ENV } from './invitations';
import { seedItems, type SeedItem, type SeedTables } from './scale-seed';

/**
 * Every list endpoint at two directory sizes, in one run: `npm run bench -- scale [--small 1000]
 * [--large 200000]` (or SCALE_SMALL / SCALE_LARGE). It starts the local runtime (Azurite with
 * indexed point lookups, as the invitations bench), seeds `small` users, one group per 100 users
 * with each user a member of one, one access-package request, one assignment and one audit entry
 * per user (1 % of the users soft-deleted), measures, grows the same directory to `large` and
 * measures again.
 *
 * Seeding goes through the app's storage layer (bench/scale-seed.ts): groups by the repository,
 * users, memberships, requests, assignments and audit entries with the storage layer's own row
 * builders, rows of one partition in transactions of 100, so every index row the app writes with
 * its entity is there, as the app lays it out. Azurite answers one-partition queries in key order
 * (GATEHOUSE_AZURITE_INDEXED_QUERIES, see dev/azurite-indexed-lookups.ts). Each endpoint is asked for
 * its first page ($top=100) and for a page with a selective filter, RUNS times each after one
 * warm-up; the figure is p50(large) / p50(small) per endpoint (target: at most 1.5). A request
 * that fails is reported with its status instead of a time: that is the endpoint's truth at that
 * size. Then the functions host's peak resident memory (VmHWM).
 */

const RUNS = 7;
const PARALLEL = 48;
const SEED_PARALLEL = 64;
const PACKAGES = Array.from({ length: 10 }, () => randomUUID());
const CATALOG = randomUUID();
const ADMIN = randomUUID();
const POLICY = randomUUID();
const ENTITLEMENT = 'identityGovernance/entitlementManagement';

interface Probe {
  name: string;
  path: string;
}

interface Sample {
  p50Ms?: number;
  error?: string;
  items?: number;
}

interface Seeded {
  users: User[];
  groups: Group[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

function peakMemoryMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return Number(/VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function buildUser(i: number, run: string, now: Date): User {
  const guest = i % 2 === 1;
  return {
    id: randomUUID(), displayName: `Scale User ${i}`, givenName: null, surname: null, userType: guest ? 'Guest' : 'Member',
    jobTitle: null, department: i % 7 === 0 ? 'Sales' : null, companyName: null, employeeId: null,
    streetAddress: null, city: null, state: null, postalCode: null, country: null, businessPhones: [], mobilePhone: null, otherMails: [],
    ageGroup: null, consentProvidedForMinor: null, usageLocation: null, preferredLanguage: null, accountEnabled: true,
    mail: guest ? `guest${i}.${run}@partner${i % 50}.example` : null, mailNickname: null, identities: [],
    userPrincipalName: guest ? `guest${i}.${run}_partner${i % 50}.example#EXT#@bench.onmicrosoft.com` : `user${i}.${run}@bench.onmicrosoft.com`,
    creationType: guest ? 'Invitation' : null, externalUserState: guest ? 'Accepted' : null, externalUserStateChangeAt: guest ? now : null,
    managerId: null, createdAt: now, deletedAt: i % 100 === 50 ? now : null,
  };
}

function buildGroup(i: number, run: string, now: Date): Group {
  return {
    id: randomUUID(), displayName: `Scale Group ${i}`, description: null, mailNickname: `scale${i}-${run}`, mailEnabled: false, securityEnabled: true,
    groupTypes: [], membershipRule: null, membershipRuleProcessingState: null, createdAt: now, ruleVersion: 1,
  } as Group;
}

function buildRequest(user: User, i: number, now: Date): AssignmentRequest {
  const target = { objectId: user.id, email: user.mail, displayName: user.displayName, subjectType: 'user', connectedOrganizationId: null } as AssignmentRequest['target'];
  return {
    id: randomUUID(), requestType: 'userAdd', state: i % 10 === 0 ? 'submitted' : 'delivered', status: i % 10 === 0 ? 'Accepted' : 'Delivered',
    accessPackageId: PACKAGES[i % PACKAGES.length]!, catalogId: CATALOG, assignmentPolicyId: POLICY,
    target, targetObjectId: user.id, targetEmail: user.mail ?? '', requestor: { kind: 'user', userId: user.id }, assignmentId: null,
    justification: 'Scale bench', answers: [], schedule: { startDateTime: now.toISOString(), expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    stages: [], createdDateTime: now.toISOString(), completedDateTime: null, reason: null, pendingRoleScopeIds: [], proposedConnectedOrganizationId: null,
  } as AssignmentRequest;
}

function buildAssignment(user: User, i: number, now: Date): Assignment {
  const accessPackageId = PACKAGES[i % PACKAGES.length]!;
  return {
    id: randomUUID(), accessPackageId, catalogId: CATALOG, assignmentPolicyId: POLICY, targetUserId: user.id,
    target: { objectId: user.id, email: user.mail, displayName: user.displayName, subjectType: 'user', connectedOrganizationId: null } as Assignment['target'],
    state: 'delivered', status: 'Delivered', schedule: { startDateTime: now.toISOString(), expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    endDateTime: null, expiredDateTime: null, expiryNotices: [], createdTarget: false, createdDateTime: now.toISOString(), modifiedDateTime: now.toISOString(),
  } as Assignment;
}

/** One audit entry per user (1 % of them an update), as the users module writes them. */
function buildAudit(user: User, i: number, now: Date): AuditEntry {
  return {
    id: randomUUID(), activityDisplayName: i % 100 === 7 ? 'Update user' : 'Add user', category: 'UserManagement', activityAt: new Date(now.getTime() - i),
    initiatedBy: { kind: 'user', id: ADMIN, userPrincipalName: 'admin@bench.onmicrosoft.com' }, targetResources: [{ id: user.id, type: 'User', userPrincipalName: user.userPrincipalName }],
    result: 'success', correlationId: randomUUID(),
  };
}

type Deps = typeof import('../src/deps');

/** Grows the directory from `from` to `to` users through the storage layer's row builders, in batches (bench/scale-seed.ts). */
async function seed(deps: Deps, seeded: Seeded, from: number, to: number, run: string): Promise<number> {
  const started = Date.now();
  const now = new Date();
  const users = Array.from({ length: to - from }, (_, k) => buildUser(from + k, run, now));
  const groups = Array.from({ length: Math.ceil(to / 100) - seeded.groups.length }, (_, k) => buildGroup(seeded.groups.length + k, run, now));
  const groupModule = deps.groupModule().deps;
  await inParallel(groups, (g) => groupModule.groups.create(g));
  seeded.groups.push(...groups);
  const table = (name: Parameters<ReturnType<Deps['storage']>['table']>[0]) => deps.storage().table(name);
  const tables: SeedTables = {
    users: table('Users'), addresses: table('UserAddresses'), directoryIndex: table('DirectoryIndex'),
    memberships: table('GroupMemberships'), requests: table('AccessPackageAssignmentRequests'), assignments: table('AccessPackageAssignments'), audit: table('AuditLogs'),
  };
  const items: SeedItem[] = users.map((user, k) => {
    const i = from + k;
    const live = !user.deletedAt;
    return { user, groupId: live ? seeded.groups[Math.floor(i / 100)]!.id : undefined, request: live ? buildRequest(user, i, now) : undefined, assignment: live ? buildAssignment(user, i, now) : undefined, audit: buildAudit(user, i, now) };
  });
  let done = 0;
  // Progress on stderr: at the large size seeding is most of the run.
  const progress = setInterval(() => process.stderr.write(`  scale: seeded ${from + done} of ${to} users (${(done / ((Date.now() - started) / 1000)).toFixed(0)}/s)\n`), 30_000);
  try {
    await seedItems(tables, items, now, SEED_PARALLEL, (n) => (done = n));
  } finally {
    clearInterval(progress);
  }
  seeded.users.push(...users);
  return (Date.now() - started) / 1000;
}

/** The endpoints and the selective filters asked at each size (the same entities at both sizes). */
function probes(seeded: Seeded): Probe[] {
  const guest = seeded.users.find((u) => u.userType === 'Guest' && !u.deletedAt)!;
  const member = seeded.users.find((u) => u.userType === 'Member' && !u.deletedAt)!;
  const group = seeded.groups[0]!;
  const q = (s: string) => encodeURIComponent(s);
  return [
    { name: 'users', path: 'v1.0/users?$top=100' },
    { name: 'users mail eq', path: `v1.0/users?$top=100&$filter=${q(`mail eq '${guest.mail}'`)}` },
    { name: 'users userType eq Guest', path: `v1.0/users?$top=100&$filter=${q(`userType eq 'Guest'`)}` },
    { name: 'deleted users', path: 'v1.0/directory/deletedItems/microsoft.graph.user?$top=100' },
    { name: 'groups', path: 'v1.0/groups?$top=100' },
    { name: 'groups displayName eq', path: `v1.0/groups?$top=100&$filter=${q(`displayName eq '${group.displayName}'`)}` },
    { name: 'group members', path: `v1.0/groups/${group.id}/members?$top=100` },
    { name: 'user memberOf', path: `v1.0/users/${member.id}/memberOf?$top=100` },
    { name: 'assignment requests', path: `v1.0/${ENTITLEMENT}/assignmentRequests?$top=100` },
    { name: 'requests requestor eq', path: `v1.0/${ENTITLEMENT}/assignmentRequests?$top=100&$filter=${q(`requestor/objectId eq '${member.id}'`)}` },
    { name: 'assignments', path: `v1.0/${ENTITLEMENT}/assignments?$top=100` },
    { name: 'assignments target eq', path: `v1.0/${ENTITLEMENT}/assignments?$top=100&$filter=${q(`target/objectId eq '${member.id}'`)}` },
    { name: 'directory audits', path: 'v1.0/auditLogs/directoryAudits?$top=100' },
    { name: 'audits activity eq', path: `v1.0/auditLogs/directoryAudits?$top=100&$filter=${q(`activityDisplayName eq 'Update user'`)}` },
    { name: 'audits target any', path: `v1.0/auditLogs/directoryAudits?$top=100&$filter=${q(`targetResources/any(t: t/id eq '${member.id}')`)}` },
  ];
}

async function measure(url: string, token: string, probe: Probe, runs = RUNS): Promise<Sample> {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${url}/api/${probe.path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300_000) }).catch((error: unknown) => error as Error);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response instanceof Error) return { error: response.message };
    const body = (await response.json().catch(() => ({}))) as { value?: unknown[]; error?: { code?: string } };
    if (!response.ok) return { error: `${response.status} ${body.error?.code ?? ''}`.trim() };
    items = body.value?.length ?? 0;
    if (i > 0) times.push(ms);
  }
  return { p50Ms: median(times), items };
}

export async function benchScale(argv: string[] = []): Promise<string> {
  const { values } = parseArgs({ args: argv, strict: false, options: { small: { type: 'string' }, large: { type: 'string' } } });
  const small = Number(values.small ?? process.env['SCALE_SMALL'] ?? 1_000);
  const large = Number(values.large ?? process.env['SCALE_LARGE'] ?? 200_000);
  if (!(Number.isInteger(small) && Number.isInteger(large) && small >= 100 && large > small)) throw new TypeError('--small and --large are user counts, 100 <= small < large');
  const root = path.resolve(__dirname, '..', '..');
  const loadBefore = loadavg()[0]!;
  const rt = await spawnRuntime({ root, env: { ...BENCH_ENV, GATEHOUSE_AZURITE_INDEXED_QUERIES: '1' }, readyTimeoutMs: 120_000 });
  try {
    // The composition root, pointed at the runtime's storage: seeding writes what the app writes.
    const { AzureWebJobsStorage__blobServiceUri: _b, AzureWebJobsStorage__queueServiceUri: _q, AzureWebJobsStorage__tableServiceUri: _t, AzureWebJobsStorage__credential: _c, ...settings } = AZURE_LIKE_SETTINGS;
    Object.assign(process.env, settings, { AzureWebJobsStorage: rt.storage, ALLOW_INSECURE_LOOPBACK: 'true', EMAIL_ENDPOINT: '', EMAIL_CONNECTION_STRING: 'endpoint=http://127.0.0.1:9/;accesskey=YmVuY2g=' });
    const deps = require('../src/deps') as Deps;
    const token = await rt.issuer.signToken({ roles: ['Directory.Read.All', 'EntitlementManagement.ReadWrite.All', 'AuditLog.Read.All'] });
    const run = randomUUID().slice(0, 8);
    const seeded: Seeded = { users: [], groups: [] };
    const lines: string[] = [];

    // A directory in use for more than a month: the audit log's filter index serves a month once the month before has entries written with index rows.
    const lastMonth = new Date();
    lastMonth.setUTCDate(0);
    await deps.directoryAudit().append({ ...buildAudit(buildUser(0, run, lastMonth), 0, lastMonth), activityDisplayName: 'Add user' });
    const seedSmall = await seed(deps, seeded, 0, small, run);
    const list = probes(seeded);
    // One pass first: the host compiles each endpoint's code on its first call.
    for (const p of list) await measure(rt.url, token, p, 1);
    const atSmall: Sample[] = [];
    for (const p of list) atSmall.push(await measure(rt.url, token, p));
    const seedLarge = await seed(deps, seeded, small, large, run);
    for (const p of list) await measure(rt.url, token, p, 1);
    const atLarge: Sample[] = [];
    for (const p of list) atLarge.push(await measure(rt.url, token, p));

    const fmt = (s: Sample) => (s.error ? `error ${s.error}` : `${s.p50Ms!.toFixed(1)} ms (${s.items})`);
    lines.push(`scale: ${small.toLocaleString('en-US')} then ${large.toLocaleString('en-US')} users (each in one group of 100, one request, one assignment and one audit entry; 1 % deleted), p50 of ${RUNS}`);
    lines.push(`  seeding ${small} users took ${seedSmall.toFixed(0)} s, growing to ${large} took ${seedLarge.toFixed(0)} s (${((large - small) / seedLarge).toFixed(0)} users/s with their rows)`);
    lines.push(`  ${'endpoint'.padEnd(26)} ${`p50 at ${small}`.padEnd(20)} ${`p50 at ${large}`.padEnd(22)} ratio (target <= 1.5)`);
    list.forEach((p, i) => {
      const a = atSmall[i]!;
      const b = atLarge[i]!;
      const ratio = a.p50Ms !== undefined && b.p50Ms !== undefined ? (b.p50Ms / a.p50Ms).toFixed(2) : 'n/a';
      const verdict = ratio === 'n/a' ? '' : Number(ratio) <= 1.5 ? '' : '  over';
      lines.push(`  ${p.name.padEnd(26)} ${fmt(a).padEnd(20)} ${fmt(b).padEnd(22)} ${ratio}${verdict}`);
    });
    lines.push(`  host peak resident memory ${peakMemoryMiB(rt.hostPids[0]).toFixed(0)} MiB; Azurite ${peakMemoryMiB(rt.azuritePid).toFixed(0)} MiB`);
    lines.push(`  load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (${cpus().length} cores)`);
    return lines.join('\n');
  } finally {
    await rt.stop();
  }
}

if (require.main === module) {
  benchScale(process.argv.slice(2)).then(console.log, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
