import { describe, expect, it } from 'vitest';
import { deliverMail } from '../../../src/domain/outbox/deliver-mail';
import { expectedDrainSeconds } from '../../../src/domain/outbox/mail-pace';
import type { Mailer, MailQueue } from '../../../src/domain/outbox/mailer';
import type { OutboxPointer } from '../../../src/domain/outbox/pointer';
import { startHarness } from './harness';
import { buildOutboxMail } from './support';

const T0 = Date.parse('2030-05-01T09:00:00Z');

/**
 * The real sender (Table outbox and shared limiter on Azurite) on a simulated clock, in front of a
 * stand-in for Communication Services that enforces the quota: `sleep` and queue delays advance
 * the clock instead of waiting, and one consumer takes whichever message becomes visible first.
 */
async function simulate(count: number, perMinute: number, perHour: number) {
  let clock = T0;
  const h = await startHarness({ perMinute, perHour, now: () => new Date(clock) });
  const queue: { pointer: OutboxPointer; visibleAt: number }[] = [];
  const simulatedQueue: MailQueue = {
    async requeue(pointer, delaySeconds) {
      queue.push({ pointer, visibleAt: clock + delaySeconds * 1000 });
    },
    async poison() {
      throw new Error('nothing should be poisoned');
    },
  };
  const sendTimes: number[] = [];
  let refusedForQuota = 0;
  // Communication Services' quota as the service enforces it: a send beyond the limit in the
  // trailing minute or hour is answered 429 and not delivered.
  const quotaEnforcingAcs: Mailer = {
    async send() {
      const inLast = (ms: number) => sendTimes.filter((t) => t > clock - ms).length;
      if (inLast(60_000) >= perMinute || inLast(3_600_000) >= perHour) {
        refusedForQuota++;
        return { kind: 'transient', reason: 'ACS answered 429', retryAfterMs: 60_000, throttled: true };
      }
      sendTimes.push(clock);
      return { kind: 'accepted' };
    },
  };
  const deps = { ...h.deps, queue: simulatedQueue, sleep: async (ms: number) => void (clock += ms), mailer: quotaEnforcingAcs };
  for (let i = 0; i < count; i++) queue.push({ pointer: await h.record(buildOutboxMail(), { now: new Date(clock), enqueue: false }), visibleAt: clock });
  const results: Record<string, number> = {};
  while (queue.length > 0) {
    queue.sort((a, b) => a.visibleAt - b.visibleAt);
    const next = queue.shift()!;
    clock = Math.max(clock, next.visibleAt);
    const result = await deliverMail(deps, next.pointer);
    results[result] = (results[result] ?? 0) + 1;
  }
  return { sendTimes, refusedForQuota, results };
}

describe('pacing to the sending quota (simulated clock)', () => {
  it('when 300 mails are queued at a pace of 60 per minute, then they take about 5 minutes and no minute holds more than 60', async () => {
    const { sendTimes, refusedForQuota, results } = await simulate(300, 60, 3_600);
    expect(results['sent']).toBe(300);
    expect(sendTimes).toHaveLength(300);
    expect(refusedForQuota).toBe(0);
    const minutes = (sendTimes.at(-1)! - sendTimes[0]!) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThan(5.3);
    for (let i = 0; i + 60 < sendTimes.length; i++) expect(sendTimes[i + 60]! - sendTimes[i]!).toBeGreaterThanOrEqual(60_000);
    expect(expectedDrainSeconds(300, 60, 3_600)).toBe(306);
  }, 60_000);

  it('when the hour quota is the tighter one, then it sets the pace (10 mails at 30/min and 100/h take 5.5 minutes)', async () => {
    const { sendTimes, refusedForQuota, results } = await simulate(10, 30, 100);
    expect(results['sent']).toBe(10);
    expect(refusedForQuota).toBe(0);
    const spacing = (sendTimes.at(-1)! - sendTimes[0]!) / 9;
    expect(spacing).toBeGreaterThanOrEqual(3_600_000 / 99);
    expect(spacing).toBeLessThan(3_600_000 / 99 + 1_500);
  });
});
