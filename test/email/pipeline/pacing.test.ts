import { describe, expect, it } from 'vitest';
import { deliverMail } from '../../../src/domain/outbox/deliver-mail';
import type { MailLane } from '../../../src/domain/outbox/mail-lane';
import type { Mailer, MailQueue } from '../../../src/domain/outbox/mailer';
import type { OutboxPointer } from '../../../src/domain/outbox/pointer';
import { startHarness } from './harness';
import { buildOutboxMail } from './support';

const T0 = Date.parse('2030-05-01T09:00:00Z');

/**
 * The real sender (Table outbox and the shared quota windows on Azurite) on a simulated clock, in
 * front of a stand-in for Communication Services that enforces the quota over sliding windows:
 * `sleep` and queue delays advance the clock instead of waiting, and one consumer takes whichever
 * message becomes visible first.
 */
async function simulate(mails: { lane: MailLane; at: number }[], perMinute: number, perHour: number, untilMs = Number.POSITIVE_INFINITY) {
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
  const sent: { lane: MailLane; at: number }[] = [];
  const laneOf = new Map<string, MailLane>();
  let refusedForQuota = 0;
  const quotaEnforcingAcs: Mailer = {
    async send(mail) {
      const inLast = (ms: number) => sent.filter((s) => s.at > clock - ms).length;
      if (inLast(60_000) >= perMinute || inLast(3_600_000) >= perHour) {
        refusedForQuota++;
        return { kind: 'transient', reason: 'ACS answered 429', retryAfterMs: 60_000, throttled: true };
      }
      sent.push({ lane: laneOf.get(mail.message.outboxId)!, at: clock });
      return { kind: 'accepted' };
    },
  };
  const deps = { ...h.deps, queue: simulatedQueue, sleep: async (ms: number) => void (clock += ms), mailer: quotaEnforcingAcs };
  for (const m of mails) {
    const message = buildOutboxMail();
    laneOf.set(message.outboxId, m.lane);
    queue.push({ pointer: await h.record(message, { now: new Date(T0), enqueue: false, lane: m.lane }), visibleAt: T0 + m.at });
  }
  while (queue.length > 0) {
    queue.sort((a, b) => a.visibleAt - b.visibleAt);
    if (queue[0]!.visibleAt > untilMs) break;
    const next = queue.shift()!;
    clock = Math.max(clock, next.visibleAt);
    await deliverMail(deps, next.pointer);
  }
  return { sent, refusedForQuota };
}

describe('sending by the quota windows (simulated clock)', () => {
  it('when a few invitations are queued on an idle quota, then all go out at once instead of one every 36 s', async () => {
    const { sent, refusedForQuota } = await simulate(Array.from({ length: 10 }, () => ({ lane: 'invitation' as const, at: 0 })), 30, 100);
    expect(sent).toHaveLength(10);
    expect(refusedForQuota).toBe(0);
    expect(Math.max(...sent.map((s) => s.at)) - T0).toBeLessThan(1_000);
  });

  it('when an invitation lane holds a backlog, then it sends its share of each window and never makes the service refuse one', async () => {
    const { sent, refusedForQuota } = await simulate(Array.from({ length: 120 }, () => ({ lane: 'invitation' as const, at: 0 })), 30, 100, T0 + 2 * 3_600_000);
    expect(refusedForQuota).toBe(0);
    expect(sent.filter((s) => s.at < T0 + 60_000)).toHaveLength(25);
    expect(sent.filter((s) => s.at < T0 + 3_600_000)).toHaveLength(85);
  }, 120_000);

  it('when a code is requested behind a bulk job that spent its share, then the code goes out at once', async () => {
    const mails = [...Array.from({ length: 100 }, () => ({ lane: 'bulk' as const, at: 0 })), { lane: 'code' as const, at: 10 * 60_000 }];
    const { sent, refusedForQuota } = await simulate(mails, 30, 100, T0 + 20 * 60_000);
    expect(refusedForQuota).toBe(0);
    expect(sent.filter((s) => s.lane === 'bulk')).toHaveLength(75);
    const code = sent.find((s) => s.lane === 'code');
    expect(code).toBeDefined();
    // One consumer here: the code waits at most for the bulk delivery in progress to hand its mail back.
    expect(code!.at - (T0 + 10 * 60_000)).toBeLessThanOrEqual(60_000);
  }, 120_000);
});
