import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvParser } from '../../src/domain/invitations/bulk-csv';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { expectGraphError, invitationApi } from './invitations-support';

const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody],Display name [displayName],jobTitle';

function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const parser = createCsvParser((fields) => out.push(fields));
  parser.push(text);
  parser.end();
  return out;
}

describe('POST /invitations/bulk (CSV in the portal template)', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof invitationApi>;
  let token: string;
  beforeAll(async () => {
    rt = await startRuntime({ env: { INVITE_RATE_LIMIT_PER_5S: '0', EMAIL_RATE_PER_MINUTE: '600', EMAIL_RATE_PER_HOUR: '36000' } });
    api = invitationApi(rt);
    token = await rt.token({ roles: ['User.Invite.All'] });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  async function upload(csv: string, headers: Record<string, string> = {}, bearer = token) {
    const res = await fetch(`${rt.url}/api/v1.0/invitations/bulk`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'text/csv', ...headers }, body: csv });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
  }
  async function waitForJob(location: string, done: (job: Record<string, any>) => boolean, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = (await (await fetch(location, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, any>;
      if (done(job) || Date.now() > deadline) return job;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('when a CSV with a version line, BOM, quoting and a bad row is uploaded, then every good row is invited and mailed, the bad one reported, and the results CSV has one line per row', async () => {
    const tag = randomUUID().slice(0, 8);
    const good1 = `anna.${tag}@partner.example`;
    const good2 = `bob.${tag}@partner.example`;
    const csv = `\uFEFFversion:v1.0,,,,,\r\n${HEADER}\r\n${good1},https://apps.example/welcome,true,"Hello, Anna ""A""",\"Anna, Partner\",Engineer\r\nnot-an-address,https://apps.example/welcome,true,,,\r\n${good2},https://apps.example/welcome,false,,Bob,\r\n`;
    const res = await upload(csv);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'notStarted', total: 3, processed: 0 });
    expect(res.headers.get('location')).toBe(`${rt.url}/api/v1.0/invitations/bulk/${res.body['id']}`);
    expect(res.body['mailBacklog']).toEqual({ pending: expect.any(Number), expectedDrainSeconds: expect.any(Number) });

    const job = await waitForJob(res.headers.get('location')!, (j) => j['status'].startsWith('completed'));
    expect(job).toMatchObject({ status: 'completedWithErrors', total: 3, processed: 3, succeeded: 2, failed: 1, completedDateTime: expect.any(String) });
    // Progress as an operator watches it: the rate, the (here reached) end, and when the job's mails go at the quota.
    expect(job['rowsPerSecond']).toBeGreaterThan(0);
    expect(job['estimatedCompletionDateTime']).toBe(job['completedDateTime']);
    expect(job['mailDelivery']).toEqual({ queuedMails: expect.any(Number), estimatedLastSendDateTime: expect.any(String), ratePerMinute: 600, ratePerHour: 36000 });

    const results = await fetch(`${res.headers.get('location')}/results`, { headers: { authorization: `Bearer ${token}` } });
    expect(results.headers.get('content-type')).toContain('text/csv');
    const lines = parseCsv(await results.text());
    expect(lines[0]).toEqual(['row', 'invitedUserEmailAddress', 'status', 'invitedUserId', 'inviteRedeemUrl', 'errorCode', 'errorMessage']);
    expect(lines.slice(1).map((l) => [l[0], l[1], l[2]])).toEqual([['1', good1, 'succeeded'], ['2', 'not-an-address', 'failed'], ['3', good2, 'succeeded']]);
    expect(lines[2]![6]).toContain('invitedUserEmailAddress');
    // The row's link works, the profile columns landed, and only rows with sendEmail=true were mailed.
    expect((await api.openLink(lines[1]![4]!)).status).toBe(200);
    const guest = await api.call('GET', `users/${lines[1]![3]}`, await rt.token({ roles: ['User.Read.All', 'Directory.Read.All'] }));
    expect(guest.body).toMatchObject({ displayName: 'Anna, Partner', jobTitle: 'Engineer' });
    const mails = await api.mailsTo(good1);
    expect(mails).toHaveLength(1);
    expect(JSON.stringify(mails[0])).toContain('Hello, Anna \\"A\\"');
    expect(await api.mailsTo(good2, 1, 1_000)).toHaveLength(0);
  });

  it('when a required column is missing, then 400 names it', async () => {
    const res = await upload('Email address to invite [inviteeEmail] Required,displayName\nanna@partner.example,Anna\n');
    expectGraphError(res, 400);
    expect(res.body['error']['message']).toContain('Redirection url [inviteRedirectURL] Required');
  });

  it('when the body is not CSV, then 415', async () => {
    const res = await fetch(`${rt.url}/api/v1.0/invitations/bulk`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(415);
  });

  it('when the upload is repeated with its Idempotency-Key, then the same job comes back', async () => {
    const csv = `${HEADER}\nidem.${randomUUID().slice(0, 8)}@partner.example,https://apps.example,false,,,\n`;
    const key = randomUUID();
    const first = await upload(csv, { 'idempotency-key': key });
    const again = await upload(csv, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body['id']).toBe(first.body['id']);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect((await upload(`${csv}x@y.example,https://apps.example,,,,\n`, { 'idempotency-key': key })).status).toBe(422);
  });

  it("when another caller asks for a job, then it is 404: a job's results hold redeem links", async () => {
    const res = await upload(`${HEADER}\nother.${randomUUID().slice(0, 8)}@partner.example,https://apps.example,false,,,\n`);
    const other = await rt.token({ roles: ['User.Invite.All'], claims: { azp: randomUUID() } });
    const seen = await fetch(res.headers.get('location')!, { headers: { authorization: `Bearer ${other}` } });
    expect(seen.status).toBe(404);
    const results = await fetch(`${res.headers.get('location')}/results`, { headers: { authorization: `Bearer ${other}` } });
    expect(results.status).toBe(404);
  });

  it('when 50,000 rows are uploaded, then the job holds them all and the worker starts on them', async () => {
    const lines = ['version:v1.0', HEADER];
    const tag = randomUUID().slice(0, 8);
    for (let n = 1; n <= 50_000; n++) lines.push(`g${n}.${tag}@partner${n % 100}.example,https://apps.example/start,false,,Guest ${n},`);
    const res = await upload(lines.join('\n'));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body['total']).toBe(50_000);
    const job = await waitForJob(res.headers.get('location')!, (j) => j['processed'] >= 200, 90_000);
    expect(job['status']).toBe('running');
    expect(job['processed']).toBeGreaterThanOrEqual(200);
    expect(job['failed']).toBe(0);
  }, 180_000);
});
