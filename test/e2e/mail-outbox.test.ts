import { randomUUID } from 'node:crypto';
import { EmailClient } from '@azure/communication-email';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalSettings } from '../../dev/local-settings';
import { parseConnectionString } from '../../src/config';
import { operationIdFor } from '../../src/domain/outbox/operation-id';
import { parseEmailMessage } from '../../src/domain/mail/message';
import { renderEmail } from '../../src/email/templates';
import { toAcsMessage } from '../../src/email/acs-mailer';
import { encodeQueueMessage } from '../../src/storage/outbox-queue';
import { mailRuntime, peekTexts, type MailRuntime } from '../email/pipeline/e2e-support';
import { buildOutboxMail } from '../email/pipeline/support';
import { startRuntime, type TestRuntime } from '../support/runtime';

const settings = readLocalSettings(process.cwd());

describe('the outbox end to end: poison, crashes, the sweeper, the pace and the backlog view', () => {
  let rt: TestRuntime;
  let mail: MailRuntime;
  beforeAll(async () => {
    rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '600', EMAIL_RATE_PER_HOUR: '100000' } });
    mail = mailRuntime(rt);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const arrivedFor = async (outboxId: string) => (await mail.mailbox()).filter((m) => m.operationId === operationIdFor(outboxId));

  it('when a recipient fails permanently, then the entry says failed with the reason and its message is in email-outbox-poison', async () => {
    await mail.setFaults({ mode: 'fail', fraction: 1 });
    try {
      const pointer = await mail.record(buildOutboxMail());
      await expect.poll(async () => (await mail.outbox.load(pointer))?.entry.status, { timeout: 15_000 }).toBe('failed');
      expect((await mail.outbox.load(pointer))?.entry).toMatchObject({ attempts: 1, lastError: 'ACS operation failed (EmailDropped)' });
      await expect.poll(async () => (await peekTexts(mail.poison)).map((t) => JSON.parse(t) as unknown), { timeout: 5_000 }).toContainEqual(pointer);
      expect(await arrivedFor(pointer.outboxId)).toEqual([]);
    } finally {
      await mail.setFaults({ mode: 'none', fraction: 0 });
    }
  });

  it('when the sender died after ACS accepted the mail but before marking it sent, then the retry delivers no second mail', async () => {
    const message = buildOutboxMail({ language: 'en-US' });
    const parsed = parseEmailMessage(message);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const operationId = operationIdFor(parsed.value.outboxId);
    // What the dead sender had done: the same operation id and body through the real EmailClient.
    const key = parseConnectionString(settings['EMAIL_CONNECTION_STRING']!)['accesskey']!;
    const client = new EmailClient(`endpoint=${rt.servicesUrl}/;accesskey=${key}`, { allowInsecureConnection: true } as object);
    const acs = toAcsMessage({ operationId, message: parsed.value, rendered: renderEmail(parsed.value) }, settings['EMAIL_SENDER_ADDRESS']!);
    await (await client.beginSend(acs, { operationId, updateIntervalInMs: 10 })).pollUntilDone();
    const repeatedBefore = (await mail.sinkStats()).repeated;

    const pointer = await mail.record(message);
    await expect.poll(async () => (await mail.outbox.load(pointer))?.entry.status, { timeout: 15_000 }).toBe('sent');
    expect(await arrivedFor(pointer.outboxId)).toHaveLength(1);
    expect((await mail.sinkStats()).repeated).toBe(repeatedBefore + 1);
  });

  it('when the queue message of a state change was lost, then the mail goes out after the sweeper runs', async () => {
    const pointer = await mail.record(buildOutboxMail(), { now: new Date(Date.now() - 11 * 60_000), enqueue: false });
    expect(await arrivedFor(pointer.outboxId)).toEqual([]);
    const res = await fetch(`${rt.url}/admin/functions/sweepOutbox`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(202);
    await expect.poll(async () => (await arrivedFor(pointer.outboxId)).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await mail.outbox.load(pointer))?.entry.status, { timeout: 5_000 }).toBe('sent');
  });

  it('when a queue message is not an outbox pointer, then it is moved to email-outbox-poison as it was', async () => {
    const garbage = JSON.stringify({ v: 2, hello: 'world' });
    await mail.queue.sendMessage(encodeQueueMessage({ v: 2, hello: 'world' }));
    await expect.poll(async () => peekTexts(mail.poison), { timeout: 10_000 }).toContain(garbage);
  });

  it('when the quota is 600 per minute, then 10 mails go out as one burst within the minute\'s budget, none refused or retried', async () => {
    const statsBefore = await mail.sinkStats();
    const ids = Array.from({ length: 10 }, () => randomUUID());
    await Promise.all(ids.map((outboxId) => mail.record(buildOutboxMail({ outboxId }))));
    const wanted = new Set(ids.map(operationIdFor));
    const mine = async () => (await mail.mailbox()).filter((m) => wanted.has(m.operationId));
    await expect.poll(async () => (await mine()).length, { timeout: 15_000 }).toBe(10);
    // Sent by the quota's windows (a burst up to the minute's limit goes at once), not spread evenly.
    const statsAfter = await mail.sinkStats();
    expect(statsAfter.faulted - statsBefore.faulted).toBe(0);
    expect(statsAfter.accepted - statsBefore.accepted).toBe(10);
    for (const id of ids) {
      await expect.poll(async () => (await mail.outbox.load({ v: 1, outboxId: id, table: 'MailOutbox', partitionKey: `mail|${id}` }))?.entry).toMatchObject({ status: 'sent', attempts: 1 });
    }
  });

  it('when an admin reads GET /api/v1.0/admin/mailQueue, then the backlog, the pace and the drain time are shown; others get 403', async () => {
    await mail.record(buildOutboxMail(), { enqueue: false });
    const res = await fetch(`${rt.url}/api/v1.0/admin/mailQueue`, { headers: { authorization: `Bearer ${await rt.token({ roles: ['Directory.Read.All'] })}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, number>;
    expect(body).toMatchObject({ pending: 1, ratePerMinute: 600, ratePerHour: 100_000, expectedDrainSeconds: 1 });
    expect(body['failed']).toBeGreaterThanOrEqual(1);
    expect(body['queueLength']).toBeGreaterThanOrEqual(0);
    // Per lane: its queue and when its last waiting mail goes (an idle quota: about now).
    const lanes = (body as unknown as { lanes: { lane: string; queueLength: number; estimatedLastSendDateTime: string }[] }).lanes;
    expect(lanes.map((l) => l.lane)).toEqual(['code', 'decision', 'invitation', 'bulk']);
    for (const l of lanes) expect(Math.abs(Date.parse(l.estimatedLastSendDateTime) - Date.now())).toBeLessThan(10 * 60_000);
    const denied = await fetch(`${rt.url}/api/v1.0/admin/mailQueue`, { headers: { authorization: `Bearer ${await rt.token({ roles: ['Group.ReadWrite.All'] })}` } });
    expect(denied.status).toBe(403);
  });
});
