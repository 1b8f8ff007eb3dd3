import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startAzurite } from '../dev/azurite';

/**
 * Where one invitation's time goes: the invitation use case run in this process (no HTTP host) on
 * an in-memory Azurite, with every storage request counted by table or queue. Prints the round
 * trips of one invitation (sequential runs, so each request belongs to one invitation) and the
 * throughput at a few concurrencies with the tenant throttle on (a limit high enough never to
 * refuse, so only its storage cost and ETag contention show).
 *
 * `node dist/bench/invitation-profile.js [invitations] [concurrency...]`
 */

interface Request {
  method: string;
  target: string;
  ms: number;
  status: number;
}

const requests: Request[] = [];

/** Counts every storage request the SDKs make (they call `http.request` for Azurite's http endpoints). */
function countStorageRequests(): void {
  const original = http.request;
  (http as { request: typeof http.request }).request = function (this: unknown, ...args: unknown[]) {
    const options = args[0] as http.RequestOptions | string | URL;
    const pathname = typeof options === 'string' || options instanceof URL ? new URL(options).pathname : (options.path ?? '');
    const method = typeof options === 'string' || options instanceof URL ? 'GET' : (options.method ?? 'GET');
    // /devstoreaccount1/<Table>(PartitionKey=…) or /devstoreaccount1/<queue>/messages
    const segment = (pathname.split('?')[0] ?? '').split('/')[2] ?? '';
    const target = segment.replace(/\(.*$/, '') || '(service)';
    const started = performance.now();
    const req = (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
    req.once('response', (res) => {
      res.once('end', () => requests.push({ method, target, ms: performance.now() - started, status: res.statusCode ?? 0 }));
    });
    return req;
  } as typeof http.request;
}

function settingsFor(connectionString: string, root: string): Record<string, string> {
  const sample = JSON.parse(readFileSync(path.join(root, 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };
  return { ...sample.Values, AzureWebJobsStorage: connectionString, INVITE_RATE_LIMIT_PER_5S: '1000000' };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const [countArg, ...concurrencyArgs] = process.argv.slice(2).map(Number);
  const sequential = countArg || 30;
  const concurrencies = concurrencyArgs.length > 0 ? concurrencyArgs : [1, 8, 16];
  const azurite = await startAzurite();
  try {
    Object.assign(process.env, settingsFor(azurite.connectionString, root));
    countStorageRequests();
    // Loaded after the settings are in place: the composition root reads them when it loads.
    const deps = require('../src/deps') as typeof import('../src/deps');
    const { ensureStorageResources } = require('../src/storage/clients') as typeof import('../src/storage/clients');
    const { inviteGuest } = require('../src/domain/invitations/invite-guest') as typeof import('../src/domain/invitations/invite-guest');
    const { invitationBody, inviteInputOf } = require('../src/domain/invitations/invitation-wire') as typeof import('../src/domain/invitations/invitation-wire');
    await ensureStorageResources(deps.storage());
    const module = deps.invitationModule();
    const principal = { kind: 'app', appId: randomUUID(), permissions: new Set(['User.Invite.All']) } as Parameters<typeof module.describeCaller>[0];
    const tag = randomUUID().slice(0, 8);
    let n = 0;
    const invite = async () => {
      const i = n++;
      const body = invitationBody.parse({ invitedUserEmailAddress: `p${i}.${tag}@partner${i % 20}.example`, inviteRedirectUrl: 'https://apps.example/start', sendInvitationMessage: true });
      await deps.invitationThrottle();
      await inviteGuest(module.deps, inviteInputOf(body, await module.describeCaller(principal), randomUUID()));
    };
    for (let i = 0; i < 3; i++) await invite(); // warm-up: seeds the settings documents, opens connections

    requests.length = 0;
    const times: number[] = [];
    for (let i = 0; i < sequential; i++) {
      const t0 = performance.now();
      await invite();
      times.push(performance.now() - t0);
    }
    const byTarget = new Map<string, { count: number; ms: number }>();
    for (const r of requests) {
      const key = `${r.method.padEnd(6)} ${r.target}`;
      const entry = byTarget.get(key) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += r.ms;
      byTarget.set(key, entry);
    }
    times.sort((a, b) => a - b);
    console.log(`one invitation (new guest, mail on, throttle on), ${sequential} in a row:`);
    console.log(`  storage requests per invitation  ${(requests.length / sequential).toFixed(1)}`);
    console.log(`  latency p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`);
    for (const [key, { count, ms }] of [...byTarget].sort((a, b) => b[1].count - a[1].count)) {
      console.log(`  ${(count / sequential).toFixed(2).padStart(5)} × ${key.padEnd(32)} ${(ms / count).toFixed(1)} ms each`);
    }

    for (const concurrency of concurrencies) {
      const total = Math.max(100, concurrency * 25);
      requests.length = 0;
      const latencies: number[] = [];
      const start = performance.now();
      let left = total;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (left-- > 0) {
          const t0 = performance.now();
          await invite();
          latencies.push(performance.now() - t0);
        }
      }));
      const seconds = (performance.now() - start) / 1000;
      latencies.sort((a, b) => a - b);
      const limiter = requests.filter((r) => r.target === 'RateLimits');
      const lost = limiter.filter((r) => r.status === 412 || r.status === 409).length;
      console.log(
        `${String(concurrency).padStart(2)} at once: ${(total / seconds).toFixed(1)} invitations/s, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, ` +
          `${(requests.length / total).toFixed(1)} requests/invitation, throttle ${(limiter.length / total).toFixed(1)} requests/invitation (${lost} lost ETag races)`,
      );
    }
  } finally {
    await azurite.stop();
  }
}

if (require.main === module) {
  void main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
