import { describe, expect, it } from 'vitest';
import { EmailClient } from '@azure/communication-email';
import { deliverMail, MAX_DELIVERIES } from '../../../src/domain/outbox/deliver-mail';
import { operationIdFor } from '../../../src/domain/outbox/operation-id';
import { deliveryStatusOf } from '../../../src/domain/outbox/outbox';
import { parseEmailMessage } from '../../../src/domain/mail/message';
import { renderEmail } from '../../../src/email/templates';
import { toAcsMessage } from '../../../src/email/acs-mailer';
import { outboxRowKey } from '../../../src/storage/outbox-row';
import { peekPointers, startHarness } from './harness';
import { buildOutboxMail } from './support';

describe('deliverMail (the sender use case) on Azurite and the mail sink', () => {
  it('when the same pointer is delivered twice, then one mail arrives, in the organization language, and the entry says sent', async () => {
    const h = await startHarness();
    const pointer = await h.record(buildOutboxMail());
    expect(await deliverMail(h.deps, pointer)).toBe('sent');
    expect(await deliverMail(h.deps, pointer)).toBe('alreadyDone');
    const mails = h.sink.sink.messages();
    expect(mails.map((m) => m.operationId)).toEqual([operationIdFor(pointer.outboxId)]);
    expect(mails[0]?.subject).toMatch(/uitgenodigd|uitnodiging/i);
    const status = await deliveryStatusOf(h.deps, pointer);
    expect(status).toMatchObject({ outboxId: pointer.outboxId, status: 'sent', attempts: 1, lastError: null });
    expect(Date.parse(status!.sentDateTime!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('when ACS accepted an earlier attempt but the entry stayed pending (a crash), then the retry sends the same operation and no second mail arrives', async () => {
    const h = await startHarness();
    const message = buildOutboxMail();
    const pointer = await h.record(message);
    const parsed = parseEmailMessage(message);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const rendered = renderEmail(parsed.value, { organizationPreferredLanguage: 'nl-NL' });
    const direct = new EmailClient(h.sink.connectionString, { allowInsecureConnection: true } as object);
    const acs = toAcsMessage({ operationId: operationIdFor(pointer.outboxId), message: parsed.value, rendered }, 'DoNotReply@fabrikam.example');
    await (await direct.beginSend(acs, { operationId: operationIdFor(pointer.outboxId), updateIntervalInMs: 10 })).pollUntilDone();

    expect(await deliverMail(h.deps, pointer)).toBe('sent');
    expect(h.sink.sink.messages()).toHaveLength(1);
    expect(h.sink.sink.stats().repeated).toBe(1);
  });

  it('when ACS ends the operation Failed, then the entry is failed with the reason and the pointer is in the poison queue', async () => {
    const h = await startHarness();
    h.sink.sink.setFaults({ mode: 'fail', fraction: 1 });
    const pointer = await h.record(buildOutboxMail());
    expect(await deliverMail(h.deps, pointer)).toBe('failed');
    expect(await deliveryStatusOf(h.deps, pointer)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'ACS operation failed (EmailDropped)' });
    expect(await peekPointers(h.poison)).toEqual([pointer]);
  });

  it('when ACS keeps answering 500, then each delivery retries quickly, re-queues with a growing delay, and the fifth gives up', async () => {
    const h = await startHarness();
    h.sink.sink.setFaults({ mode: '500', fraction: 1 });
    const pointer = await h.record(buildOutboxMail());
    await h.queue.clearMessages();
    const results = [];
    for (let i = 0; i < MAX_DELIVERIES; i++) results.push(await deliverMail(h.deps, pointer));
    expect(results).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'failed']);
    expect(h.sink.sink.stats().faulted).toBe(MAX_DELIVERIES * 3);
    expect(h.events.filter((e) => e.event === 'mailRetrying').map((e) => e.fields['delaySeconds'])).toEqual([2, 4, 8, 16]);
    expect(h.sleeps).toEqual(Array.from({ length: MAX_DELIVERIES }, () => [100, 200]).flat());
    // The re-queued copies wait out their delay: none is visible yet.
    expect(await peekPointers(h.queue)).toEqual([]);
    expect((await h.queue.getProperties()).approximateMessagesCount).toBe(4);
    const status = await deliveryStatusOf(h.deps, pointer);
    expect(status).toMatchObject({ status: 'failed', attempts: MAX_DELIVERIES, lastError: 'gave up after 5 deliveries: ACS answered 500 InternalServerError' });
    expect(await peekPointers(h.poison)).toEqual([pointer]);
  });

  it('when ACS answers 429 with a long Retry-After, then every instance is held off that long and the mail waits for the pace without counting an attempt', async () => {
    const h = await startHarness();
    h.sink.sink.setFaults({ mode: '429', fraction: 1, retryAfterSeconds: 30 });
    const pointer = await h.record(buildOutboxMail());
    await h.queue.clearMessages();
    expect(await deliverMail(h.deps, pointer)).toBe('deferred');
    expect(h.sink.sink.stats().faulted).toBe(1);
    // It waited in process as long as it may (the clock here does not move), then handed the mail back.
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(55_000);
    expect(h.events.find((e) => e.event === 'mailPaced')?.fields['delaySeconds']).toBeGreaterThanOrEqual(29);
    expect((await h.queue.getProperties()).approximateMessagesCount).toBe(1);
    const slot = await h.deps.pace.take(new Date(), 'code');
    expect(slot.ok).toBe(false);
    expect(slot.ok ? 0 : slot.retryAfterMs).toBeGreaterThan(28_000);
    expect(await deliveryStatusOf(h.deps, pointer)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('when 429s keep coming with a short Retry-After, then the mail goes out once the service accepts it', async () => {
    const h = await startHarness();
    let calls = 0;
    const realSend = h.deps.mailer.send.bind(h.deps.mailer);
    h.deps.mailer = {
      async send(mail) {
        calls++;
        h.sink.sink.setFaults(calls <= 3 ? { mode: '429', fraction: 1, retryAfterSeconds: 1 } : { mode: 'none', fraction: 0 });
        return realSend(mail);
      },
    };
    let clock = Date.now();
    h.deps.now = () => new Date(clock);
    h.deps.sleep = async (ms) => void (clock += ms);
    const pointer = await h.record(buildOutboxMail());
    expect(await deliverMail(h.deps, pointer)).toBe('sent');
    expect(calls).toBe(4);
    expect(h.events.filter((e) => e.event === 'mailThrottled')).toHaveLength(3);
    expect(await deliveryStatusOf(h.deps, pointer)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(h.sink.sink.messages()).toHaveLength(1);
  });

  it('when the hour quota is spent, then the message is re-queued for the next slot without counting an attempt', async () => {
    const h = await startHarness({ perMinute: 1, perHour: 1 });
    const first = await h.record(buildOutboxMail());
    const second = await h.record(buildOutboxMail());
    await h.queue.clearMessages();
    expect(await deliverMail(h.deps, first)).toBe('sent');
    expect(await deliverMail(h.deps, second)).toBe('deferred');
    const delay = h.events.find((e) => e.event === 'mailPaced')?.fields['delaySeconds'];
    expect(delay).toBeGreaterThan(3_500);
    expect(await deliveryStatusOf(h.deps, second)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(h.sink.sink.messages()).toHaveLength(1);
  });

  it('when the recorded message is not a valid mail, then the entry fails naming the field and nothing is sent', async () => {
    const h = await startHarness();
    const pointer = await h.record(buildOutboxMail());
    const broken = JSON.stringify({ ...buildOutboxMail({ outboxId: pointer.outboxId }), to: [] });
    await h.mailOutbox.updateEntity({ partitionKey: pointer.partitionKey, rowKey: outboxRowKey(pointer.outboxId), message: broken }, 'Merge');
    expect(await deliverMail(h.deps, pointer)).toBe('failed');
    expect((await deliveryStatusOf(h.deps, pointer))?.lastError).toMatch(/^invalid email message: to:/);
    expect(h.sink.sink.messages()).toHaveLength(0);
  });

  it('when the pointer names no entry, then it is poisoned and nothing is sent', async () => {
    const h = await startHarness();
    const pointer = { v: 1 as const, outboxId: 'does-not-exist', table: 'MailOutbox', partitionKey: 'mail|does-not-exist' };
    expect(await deliverMail(h.deps, pointer)).toBe('missing');
    expect(await peekPointers(h.poison)).toEqual([pointer]);
  });
});
