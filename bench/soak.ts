import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnRuntime, type SpawnedRuntime } from '../dev/spawn-runtime';

/**
 * `npm run bench -- soak [--minutes 30] [--rate 4]`: a steady mix against the local runtime for a
 * while (SOAK_MINUTES / --minutes, 30 by default): invitations, reads (users, one user, the
 * invitation's guest), redemptions of invited guests through the redeem pages, and access-package
 * requests by an administrator for new external addresses. It prints, per minute, the requests,
 * the errors (a 5xx, a refused request the mix does not expect, or a network failure) and p50/p99
 * latency, and at the end the resident memory of the runtime process (functions host + app +
 * dev services, whose mailbox is emptied each minute; Azurite is a child process, reported apart) as a slope in MiB per hour from a
 * least-squares fit over the samples after the first two minutes (warm-up). The runtime's own log
 * goes to SOAK_LOG (default gatehouse-soak-runtime.log in the temp folder); if the runtime exits
 * during the run, the summary says when and how.
 */
const EM = 'identityGovernance/entitlementManagement';
const SAMPLE_EVERY_MS = 10_000;
const WARM_UP_MS = 2 * 60_000;

type Op = 'invite' | 'read' | 'redeem' | 'request';
/** The mix, in shares of all operations. */
const MIX: ReadonlyArray<[Op, number]> = [['invite', 0.3], ['read', 0.35], ['redeem', 0.15], ['request', 0.2]];

interface Sample { op: Op; at: number; ms: number; ok: boolean; detail?: string }

export interface SoakOptions { minutes: number; ratePerSecond: number; concurrency: number }

export function soakOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SoakOptions {
  const { values } = parseArgs({ args: [...argv], strict: false, options: { minutes: { type: 'string' }, rate: { type: 'string' } } });
  const minutes = Number(values.minutes ?? env['SOAK_MINUTES'] ?? 30);
  const ratePerSecond = Number(values.rate ?? env['SOAK_RATE'] ?? 4);
  if (!(minutes > 0) || !(ratePerSecond > 0)) throw new Error('soak: --minutes and --rate must be positive numbers');
  return { minutes, ratePerSecond, concurrency: 8 };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

function residentMiB(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Fixture { call: (method: string, p: string, body?: unknown) => Promise<{ status: number; body: Record<string, any> }>; packageId: string; policyId: string }

async function prepare(rt: SpawnedRuntime): Promise<Fixture> {
  const token = await rt.issuer.signToken({ roles: ['User.Invite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'EntitlementManagement.ReadWrite.All'] });
  const call: Fixture['call'] = async (method, p, body) => {
    const res = await fetch(`${rt.url}/api/v1.0/${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const created = async (p: string, body: unknown) => {
    const res = await call('POST', p, body);
    if (res.status !== 201) throw new Error(`soak setup: POST ${p} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const group = await created('groups', { displayName: 'Soak', mailNickname: `soak${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false });
  const catalog = await created(`${EM}/catalogs`, { displayName: 'Soak', state: 'published', isExternallyVisible: true });
  const resource = await created(`${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: group['id'], originSystem: 'AadGroup' }, catalog: { id: catalog['id'] } });
  const pkg = await created(`${EM}/accessPackages`, { displayName: 'Soak', catalog: { id: catalog['id'] } });
  await created(`${EM}/accessPackages/${pkg['id']}/resourceRoleScopes`, {
    role: { originId: `Member_${group['id']}`, originSystem: 'AadGroup', resource: { id: resource['resource']['id'] } },
    scope: { originId: 'Root', originSystem: 'AadGroup' },
  });
  const policy = await created(`${EM}/assignmentPolicies`, {
    displayName: 'Soak partners',
    allowedTargetScope: 'allExternalUsers',
    expiration: { type: 'afterDuration', duration: 'P30D' },
    requestorSettings: { enableTargetsToSelfAddAccess: false },
    requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] },
    accessPackage: { id: pkg['id'] },
  });
  return { call, packageId: String(pkg['id']), policyId: String(policy['id']) };
}

/**
 * Redeems as the invited person does: the redeem link's address check, "Send code", the code from
 * the mail sink, "Verify", the consent page, Accept. Each guest is a client of its own
 * (X-Forwarded-For), as guests on the internet are; ok when Accept lands on the redirect.
 */
async function redeem(base: string, url: string, address: string): Promise<{ ok: boolean; detail?: string }> {
  const jar = new Map<string, string>();
  const client = `198.51.${Math.floor(Math.random() * 255)}.${1 + Math.floor(Math.random() * 253)}`;
  let html = '';
  const go = async (method: 'GET' | 'POST', target: string, form?: Record<string, string>) => {
    const res = await fetch(new URL(target, base), {
      method,
      redirect: 'manual',
      headers: { 'x-forwarded-for': client, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (/max-age=0/i.test(c) || eq === pair.length - 1) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    html = await res.text();
    return res.status;
  };
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  if ((await go('GET', url)) !== 200) return { ok: false, detail: 'redeem link' };
  const ticket = field('ticket');
  if ((await go('POST', '/api/redeem/code', { csrf: field('csrf'), ticket })) !== 200) return { ok: false, detail: 'send code' };
  const csrf = field('csrf');
  let code: string | undefined;
  for (let i = 0; i < 50 && !code; i++) {
    const mails = (await (await fetch(new URL(`/dev/mailbox?to=${encodeURIComponent(address)}`, base))).json()) as { plainText?: string }[];
    code = mails.map((m) => /(?:Verification code|Verificatiecode): (\d{8})\b/.exec(m.plainText ?? '')?.[1]).find((c) => c);
    if (!code) await new Promise((r) => setTimeout(r, 200));
  }
  if (!code) return { ok: false, detail: 'no code mail' };
  if ((await go('POST', '/api/redeem/verify', { csrf, ticket, code })) !== 303) return { ok: false, detail: 'verify' };
  if ((await go('GET', url)) !== 200) return { ok: false, detail: 'consent page' };
  const decided = await go('POST', '/api/redeem', { csrf: field('csrf'), ticket: field('ticket') || ticket, decision: 'accept' });
  return decided === 303 ? { ok: true } : { ok: false, detail: `consent ${decided}` };
}

export async function benchSoak(argv: readonly string[] = []): Promise<string> {
  const options = soakOptions(argv, process.env);
  const root = path.resolve(__dirname, '..', '..');
  const logPath = process.env['SOAK_LOG'] ?? path.join(tmpdir(), 'gatehouse-soak-runtime.log');
  const logFile = createWriteStream(logPath);
  const rt = await spawnRuntime({
    root,
    readyTimeoutMs: 60_000,
    onLog: (chunk) => logFile.write(chunk),
    env: { INVITE_RATE_LIMIT_PER_5S: '1000000', EMAIL_RATE_PER_MINUTE: '10000000', EMAIL_RATE_PER_HOUR: '1000000000', GATEHOUSE_AZURITE_INDEXED_LOOKUPS: '1' },
  });
  const samples: Sample[] = [];
  const memory: { at: number; mib: number; azuriteMib: number | undefined }[] = [];
  const pendingRedeems: Array<{ url: string; address: string }> = [];
  const guests: string[] = [];
  let exited: string | undefined;
  try {
    const fixture = await prepare(rt);
    const started = Date.now();
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      exited = `the runtime exited (code ${code}, signal ${signal}) after ${((Date.now() - started) / 60_000).toFixed(1)} min; its log: ${logPath}`;
      console.error(`soak: ${exited}`);
    };
    rt.process.once('exit', onExit);
    const endAt = started + options.minutes * 60_000;
    const sampleMemory = () => {
      const mib = residentMiB(rt.process.pid);
      if (mib !== undefined) memory.push({ at: Date.now() - started, mib, azuriteMib: residentMiB(rt.azuritePid) });
    };
    sampleMemory();
    // The mail sink runs in the runtime's process and keeps every mail it receives: emptied every
    // ten minutes, so the memory figure is the app's and not the mailbox's (a redemption reads its
    // code from it; one caught by the emptying counts as an error, at most a few per run).
    const emptyMailbox = () => fetch(`${rt.url}/dev/mailbox`, { method: 'DELETE' }).then((r) => r.body?.cancel(), () => undefined);
    const sampler = setInterval(sampleMemory, SAMPLE_EVERY_MS);
    const mailbox = setInterval(() => void emptyMailbox(), 10 * 60_000);
    const progress = setInterval(() => console.error(`soak: ${Math.round((Date.now() - started) / 60_000)} of ${options.minutes} min, ${samples.length} requests, ${samples.filter((s) => !s.ok).length} errors`), 60_000);

    const pick = (): Op => {
      let r = Math.random();
      for (const [op, share] of MIX) if ((r -= share) < 0) return op;
      return 'read';
    };
    const run = async (op: Op): Promise<{ ok: boolean; detail?: string }> => {
      switch (op) {
        case 'invite': {
          const address = `soak.${randomUUID().slice(0, 12)}@partner.example`;
          const res = await fixture.call('POST', 'invitations', { invitedUserEmailAddress: address, inviteRedirectUrl: 'https://apps.example/welcome', sendInvitationMessage: true });
          if (res.status !== 201) return { ok: false, detail: `invite ${res.status} ${res.body['error']?.['code'] ?? ''}` };
          pendingRedeems.push({ url: String(res.body['inviteRedeemUrl']), address });
          guests.push(String(res.body['invitedUser']['id']));
          return { ok: true };
        }
        case 'read': {
          const which = Math.random();
          const guest = guests[Math.floor(Math.random() * guests.length)];
          const res = which < 0.5 || !guest ? await fixture.call('GET', `users?$top=20&$filter=userType eq 'Guest'`) : await fixture.call('GET', `users/${guest}`);
          return res.status === 200 ? { ok: true } : { ok: false, detail: `read ${res.status}` };
        }
        case 'redeem': {
          const next = pendingRedeems.shift();
          return next ? redeem(rt.url, next.url, next.address) : run('invite');
        }
        case 'request': {
          const res = await fixture.call('POST', `${EM}/assignmentRequests`, {
            requestType: 'adminAdd',
            assignment: { accessPackageId: fixture.packageId, assignmentPolicyId: fixture.policyId, target: { '@odata.type': '#microsoft.graph.accessPackageSubject', email: `soak.req.${randomUUID().slice(0, 12)}@partner${Math.floor(Math.random() * 20)}.example`, displayName: 'Soak partner' } },
          });
          return res.status === 201 ? { ok: true } : { ok: false, detail: `request ${res.status} ${res.body['error']?.['code'] ?? ''}` };
        }
      }
    };
    // Open loop: an operation starts every 1/rate seconds whatever the latency, at most `concurrency` at once.
    const inFlight = new Set<Promise<void>>();
    const intervalMs = 1000 / options.ratePerSecond;
    for (let next = Date.now(); Date.now() < endAt; next += intervalMs) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
      const op = pick();
      const t0 = performance.now();
      const task = run(op)
        .catch((error: unknown) => ({ ok: false, detail: `${op} threw ${(error as Error).message}` }))
        .then((outcome) => void samples.push({ op, at: Date.now() - started, ms: performance.now() - t0, ...outcome }));
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    }
    await Promise.all(inFlight);
    clearInterval(sampler);
    clearInterval(progress);
    clearInterval(mailbox);
    rt.process.off('exit', onExit);
    sampleMemory();
    return `${formatSoak(options, samples, memory)}\nruntime log: ${logPath}${exited ? `\nWARNING: ${exited}` : ''}`;
  } finally {
    await rt.stop();
    logFile.end();
  }
}

function formatSoak(options: SoakOptions, samples: readonly Sample[], memory: ReadonlyArray<{ at: number; mib: number; azuriteMib: number | undefined }>): string {
  const lines = [`soak: ${options.minutes} min at ${options.ratePerSecond} operations/s (mix ${MIX.map(([op, s]) => `${op} ${s * 100}%`).join(', ')})`, 'minute  requests  errors  p50 ms  p99 ms  rss MiB'];
  const minutes = Math.ceil(options.minutes);
  for (let m = 0; m < minutes; m++) {
    const inMinute = samples.filter((s) => Math.floor(s.at / 60_000) === m);
    const ms = inMinute.map((s) => s.ms).sort((a, b) => a - b);
    const rss = memory.filter((p) => Math.floor(p.at / 60_000) === m).at(-1)?.mib;
    lines.push(`${String(m + 1).padStart(6)}  ${String(inMinute.length).padStart(8)}  ${String(inMinute.filter((s) => !s.ok).length).padStart(6)}  ${percentile(ms, 50).toFixed(0).padStart(6)}  ${percentile(ms, 99).toFixed(0).padStart(6)}  ${rss?.toFixed(0).padStart(7) ?? '      -'}`);
  }
  const all = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => !s.ok);
  const byDetail = new Map<string, number>();
  for (const e of errors) byDetail.set(e.detail ?? 'unknown', (byDetail.get(e.detail ?? 'unknown') ?? 0) + 1);
  const perOp = MIX.map(([op]) => {
    const ms = samples.filter((s) => s.op === op).map((s) => s.ms).sort((a, b) => a - b);
    return `${op} ${ms.length} (p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms)`;
  });
  const steady = memory.filter((p) => p.at >= Math.min(WARM_UP_MS, (options.minutes * 60_000) / 4));
  const hostSlope = slope(steady.map((p) => ({ x: p.at / 3_600_000, y: p.mib })));
  const azuriteSlope = slope(steady.filter((p) => p.azuriteMib !== undefined).map((p) => ({ x: p.at / 3_600_000, y: p.azuriteMib! })));
  lines.push(
    `total: ${samples.length} requests, ${errors.length} errors${errors.length ? ` (${[...byDetail].map(([d, n]) => `${d}: ${n}`).join('; ')})` : ''}`,
    `latency: p50 ${percentile(all, 50).toFixed(0)} ms, p99 ${percentile(all, 99).toFixed(0)} ms; by operation: ${perOp.join(', ')}`,
    `runtime resident memory: ${memory[0]?.mib.toFixed(0) ?? '?'} MiB at start, ${memory.at(-1)?.mib.toFixed(0) ?? '?'} MiB at the end, max ${Math.max(...memory.map((p) => p.mib)).toFixed(0)} MiB; slope after warm-up ${hostSlope.toFixed(1)} MiB/h (${steady.length} samples)`,
    `Azurite resident memory: ${memory.at(-1)?.azuriteMib?.toFixed(0) ?? '?'} MiB at the end; slope ${azuriteSlope.toFixed(1)} MiB/h (it holds every row in memory, so it grows with the data)`,
  );
  return lines.join('\n');
}
