import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdFor } from '../../src/domain/outbox/operation-id';
import { outboxRowFilter } from '../../src/storage/outbox-row';
import { mailRuntime, type MailRuntime } from '../email/pipeline/e2e-support';
import { buildOutboxMail } from '../email/pipeline/support';
import { startRuntime, type TestRuntime } from '../support/runtime';

const MAILS = 200;

describe('mail through email-outbox → sendEmail → the real EmailClient → the sink, with faults', () => {
  let rt: TestRuntime;
  let mail: MailRuntime;
  beforeAll(async () => {
    // Pace out of the way: these tests are about faults, not quotas.
    rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
    mail = mailRuntime(rt);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  // 429 with Retry-After 0: a non-zero Retry-After stops every sender for that long (the quota is
  // shared), which with 30% random 429s would take minutes here; the hold-off itself is proven in
  // test/email/pipeline/deliver-mail.test.ts.
  it.each([
    ['429', { retryAfterSeconds: 0 }],
    ['500', {}],
    ['delay', { delayMs: 200 }],
    ['drop', {}],
  ] as const)('when 30%% of sends get %s, then 200 queued mails all arrive exactly once and every entry says sent', async (mode, extra) => {
    await mail.setFaults({ mode, fraction: 0.3, ...extra });
    const before = await mail.sinkStats();
    const ids = Array.from({ length: MAILS }, () => randomUUID());
    for (let i = 0; i < ids.length; i += 25) await Promise.all(ids.slice(i, i + 25).map((outboxId) => mail.record(buildOutboxMail({ outboxId }))));
    const expected = new Set(ids.map(operationIdFor));
    const mine = async () => (await mail.mailbox()).filter((m) => expected.has(m.operationId));

    await expect.poll(async () => (await mine()).length, { timeout: 45_000, interval: 250 }).toBeGreaterThanOrEqual(MAILS);
    const sent = async () => {
      let count = 0;
      for await (const row of mail.mailOutbox.listEntities({ queryOptions: { filter: outboxRowFilter(`status eq 'sent'`), select: ['outboxId'] } })) {
        if (ids.includes(String(row['outboxId']))) count++;
      }
      return count;
    };
    await expect.poll(sent, { timeout: 10_000, interval: 250 }).toBe(MAILS);
    const arrived = (await mine()).map((m) => m.operationId);
    expect(arrived).toHaveLength(MAILS);
    expect(new Set(arrived)).toEqual(expected);
    const after = await mail.sinkStats();
    expect(after.faulted - before.faulted).toBeGreaterThan(MAILS * 0.15);
  }, 60_000);
});
