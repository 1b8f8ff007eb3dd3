import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvParser } from '../../src/domain/invitations/bulk-csv';
import { sweepOutbox } from '../../src/domain/outbox/sweep-outbox';
import { enqueueOutbox } from '../../src/storage/outbox-queue';
import { createTableOutbox } from '../../src/storage/outbox-repository';
import { startSplitRuntime, type HostProcess, type SplitRuntime } from '../support/split-runtime';

/**
 * Crash recovery, end to end: the functions host is killed with SIGKILL (Azurite and the mail sink
 * live on) at named points of an invitation and of a bulk job (dev/crash-points.ts) and at random
 * moments, then started again on the same storage. Afterwards every invited address must have
 * exactly one guest, exactly one mail in the sink, and that mail's link must be the link the API
 * answered (and it works); the bulk job's counts must be exact.
 *
 * A mail whose queue message was being handled when the host died stays invisible for the queue's
 * 10 minutes and is then re-queued by the `sweepOutbox` timer. The test does not wait 10 minutes:
 * it runs that sweep with a clock 11 minutes ahead, which is what happens then.
 */
const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let rt: SplitRuntime;
let token: string;
let host: HostProcess | undefined;

beforeAll(async () => {
  rt = await startSplitRuntime({ INVITE_RATE_LIMIT_PER_5S: '0', EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' });
  token = await rt.token({ roles: ['User.Invite.All'] });
}, 90_000);

afterAll(async () => {
  await rt?.stop();
});

async function startHost(crashAt?: string): Promise<HostProcess> {
  host = await rt.startHost(crashAt ? { GATEHOUSE_CRASH_AT: crashAt } : {});
  return host;
}

async function waitForDeath(h: HostProcess, timeoutMs: number, point = 'its crash point'): Promise<{ signal: NodeJS.Signals | null }> {
  const outcome = await Promise.race([h.exited, sleep(timeoutMs).then(() => undefined)]);
  expect(outcome, `the host reached ${point} within ${timeoutMs / 1000} s\n${h.stderr().slice(-2_000)}`).toBeDefined();
  return outcome!;
}

async function post(path: string, body: unknown, key: string): Promise<{ status: number; body: Record<string, any> }> {
  try {
    const res = await fetch(`${rt.url}/api/v1.0/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
  } catch {
    return { status: 0, body: {} }; // the host died under the request
  }
}

async function mailbox(): Promise<Array<{ to: string[]; html: string | null }>> {
  return (await (await fetch(`${rt.servicesUrl}/dev/mailbox`)).json()) as Array<{ to: string[]; html: string | null }>;
}

const linkOf = (html: string | null) => /href="([^"]*\/api\/redeem\?ticket=[^"]+)"/.exec(html ?? '')?.[1]?.replace(/&amp;/g, '&');

/** Runs the outbox sweep as it runs 11 minutes from now, until no invitation mail is pending. */
async function drainOutbox(timeoutMs = 60_000): Promise<void> {
  const table = (name: string) => TableClient.fromConnectionString(rt.storage, name, { allowInsecureConnection: true });
  const outbox = createTableOutbox(table as never);
  const queue = new QueueClient(rt.storage, 'email-outbox');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pending } = await outbox.countByStatus();
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} mails still pending`);
    await sweepOutbox({
      outbox,
      enqueue: (pointer) => enqueueOutbox(queue, pointer),
      queueLength: async () => 0,
      ratePerMinute: 1_000_000,
      ratePerHour: 100_000_000,
      now: () => new Date(Date.now() + 11 * 60_000),
      log: () => undefined,
    });
    await sleep(1_000);
  }
}

async function rowsOf(tableName: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const row of TableClient.fromConnectionString(rt.storage, tableName, { allowInsecureConnection: true }).listEntities<Record<string, unknown>>()) out.push(row);
  return out;
}

/** Each address: one user, one invitation record with sentCount 1, one outbox row, one mail whose link is `links[address]` and works. */
async function expectExactlyOnce(links: Map<string, string>, openSample: number): Promise<void> {
  await drainOutbox();
  const mails = await mailbox();
  const users = await rowsOf('Users');
  const invitations = await rowsOf('Invitations');
  for (const [address, link] of links) {
    const mine = mails.filter((m) => m.to.map((t) => t.toLowerCase()).includes(address.toLowerCase()));
    expect(mine.length, `mails to ${address}`).toBe(1);
    expect(linkOf(mine[0]!.html), `the mailed link of ${address} is the one the API answered`).toBe(link);
    const holders = users.filter((u) => String(u['mail'] ?? '').toLowerCase() === address.toLowerCase());
    expect(holders.length, `users with ${address}`).toBe(1);
    const partition = invitations.filter((r) => r.partitionKey === holders[0]!.partitionKey);
    expect(partition.filter((r) => r.rowKey === 'invitation').map((r) => r['sentCount']), `sentCount of ${address}`).toEqual([1]);
    expect(partition.filter((r) => String(r.rowKey).startsWith('outbox')).length, `outbox rows of ${address}`).toBe(1);
  }
  for (const link of [...links.values()].slice(0, openSample)) {
    const res = await fetch(link, { redirect: 'manual' });
    expect(res.status, `${link} opens the consent page`).toBe(200);
  }
}

function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const parser = createCsvParser((fields) => out.push(fields));
  parser.push(text);
  parser.end();
  return out;
}

describe('crash recovery without duplicates (the host is killed, storage and the mail sink live on)', () => {
  /** Where a single invitation can die: before the user row, before the ticket's record, before its queue message, before its answer, after the mail was accepted. */
  const INVITATION_POINTS = [
    'users.create:claimed',
    'users.create:after',
    'tickets.issue:after',
    'invitations.save:before',
    'invitationMailQueue.sendMessage:before',
    'invitations.save:after',
    'mailer.send:after',
  ];

  it('when the host dies at each step of an invitation and the client retries with its Idempotency-Key, then each address has one guest, one mail, and the mailed link is the answered one', async () => {
    const retries: Array<{ address: string; key: string; body: Record<string, unknown> }> = [];
    const deaths: string[] = [];
    for (const point of INVITATION_POINTS) {
      const h = await startHost(point);
      const address = `crash.${randomUUID().slice(0, 8)}@partner.example`;
      const body = { invitedUserEmailAddress: address, inviteRedirectUrl: 'https://apps.example/welcome', sendInvitationMessage: true };
      const key = randomUUID();
      const first = await post('invitations', body, key);
      // Every point but the last is on the request's way: the request dies with the host.
      if (point !== 'mailer.send:after') expect(first.status, `${point}: ${JSON.stringify(first.body)}`).toBe(0);
      const { signal } = await waitForDeath(h, 30_000);
      expect(signal, point).toBe('SIGKILL');
      deaths.push(point);
      retries.push({ address, key, body });
    }
    expect(deaths).toEqual(INVITATION_POINTS);

    await startHost();
    const links = new Map<string, string>();
    for (const r of retries) {
      let res = await post('invitations', r.body, r.key);
      // The dead attempt's claim on the key is taken over after 10 s; until then 409 "in progress".
      for (let waited = 0; res.status === 409 && waited < 30_000; waited += 1_000) {
        await sleep(1_000);
        res = await post('invitations', r.body, r.key);
      }
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      links.set(r.address, String(res.body['inviteRedeemUrl']));
    }
    await expectExactlyOnce(links, links.size);
    await host!.kill();
  }, 240_000);

  it('when the host dies again and again in a 300-row bulk job, then the job resumes within a minute of each restart, ends with exact counts, and every row has one guest and one mail with the link in the results', async () => {
    const tag = randomUUID().slice(0, 6);
    const addresses = Array.from({ length: 300 }, (_, i) => `bulk${i}.${tag}@crash${i % 7}.example`);
    const csv = `${HEADER}\r\n${addresses.map((a) => `${a},https://apps.example/start,true`).join('\r\n')}\r\n`;
    // Named points in the rows' way (counted per host process), then random moments. The mail
    // sender's point comes early: late in the job fewer than 25 mails may be left to send.
    const kills: Array<string | number> = [
      'bulkStore.saveResults:before@3',
      'mailer.send:after@25',
      'invitationMailQueue.sendMessage:before@20',
      'users.create:claimed@15',
      'bulkStore.saveChunkSummary:after@1',
      'bulkQueue.enqueue:before@1',
      3_000,
    ];
    await startHost(String(kills[0]));
    const upload = await fetch(`${rt.url}/api/v1.0/invitations/bulk`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    expect(upload.status).toBe(202);
    const location = upload.headers.get('location')!;
    const progress = async () => {
      try {
        return (await (await fetch(location, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, any>;
      } catch {
        return undefined; // the host is down
      }
    };

    const resumeSeconds: number[] = [];
    let lastProcessed = 0;
    for (let i = 0; i < kills.length; i++) {
      const kill = kills[i]!;
      if (typeof kill === 'number') {
        await sleep(kill);
        await host!.kill('SIGKILL');
      } else {
        const { signal } = await waitForDeath(host!, 120_000, kill);
        expect(signal, kill).toBe('SIGKILL');
      }
      const next = kills[i + 1];
      const restartedAt = Date.now();
      await startHost(typeof next === 'string' ? next : undefined);
      // Progress never goes back or past the total, and work goes on soon after the restart.
      let baseline: number | undefined;
      for (;;) {
        // Its crash point came first (the resume itself passes through it): the next round restarts it.
        if (host!.process.signalCode !== null || host!.process.exitCode !== null) break;
        const job = await progress();
        if (job) {
          expect(job['processed']).toBeGreaterThanOrEqual(lastProcessed);
          expect(job['processed']).toBeLessThanOrEqual(300);
          lastProcessed = job['processed'];
          baseline ??= lastProcessed;
          if (lastProcessed > baseline || String(job['status']).startsWith('completed')) {
            resumeSeconds.push((Date.now() - restartedAt) / 1000);
            break;
          }
        }
        expect(Date.now() - restartedAt, `the job moved on after restart ${i + 1} (${JSON.stringify(job)})\n${host!.stderr().slice(-3_000)}`).toBeLessThan(90_000);
        await sleep(250);
      }
    }
    console.log(`bulk crash test: ${kills.length} kills, seconds from restart to progress: ${resumeSeconds.map((s) => s.toFixed(1)).join(', ')}`);

    let job: Record<string, any> | undefined;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(500)) {
      job = await progress();
      if (job && String(job['status']).startsWith('completed')) break;
    }
    expect(job).toMatchObject({ status: 'completed', total: 300, processed: 300, succeeded: 300, failed: 0 });
    const results = parseCsv(await (await fetch(`${location}/results`, { headers: { authorization: `Bearer ${token}` } })).text()).slice(1);
    expect(results.map((r) => r[2])).toEqual(Array(300).fill('succeeded'));
    const links = new Map(results.map((r) => [r[1]!, r[4]!]));
    expect(links.size).toBe(300);
    await expectExactlyOnce(links, 10);
    await host!.kill();
  }, 360_000);
});
