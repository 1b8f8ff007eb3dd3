import { describe, expect, it } from 'vitest';
import { laneCeiling, MAIL_LANES, type MailLane } from '../../../src/domain/outbox/mail-lane';
import { emptyWindows, estimateLastSendAt, nextSendAt, recordSend, windowUsage, type MailQuota, type SendWindows } from '../../../src/domain/outbox/send-windows';

const ACS_DEFAULT: MailQuota = { perMinute: 30, perHour: 100 };
const T0 = Date.parse('2030-05-01T09:00:00Z');

/** Sends greedily: each next mail of `lane` at the first moment the windows allow. */
function sendAll(w: SendWindows, lane: MailLane, quota: MailQuota, count: number, fromMs: number): { windows: SendWindows; times: number[] } {
  const times: number[] = [];
  let at = fromMs;
  for (let i = 0; i < count; i++) {
    at = nextSendAt(w, lane, quota, at);
    w = recordSend(w, at);
    times.push(at);
  }
  return { windows: w, times };
}

/** The most sends in any window of `ms` (the true sliding count, from the send times themselves). */
function busiestWindow(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('mail lanes and the quota windows', () => {
  it('when the quota is idle, then a burst up to the lane\'s share of the minute goes at once', () => {
    const { times } = sendAll(emptyWindows(), 'code', ACS_DEFAULT, 30, T0);
    expect(times.every((t) => t === T0)).toBe(true);
    // A resend right after an invitation goes at once, not 36 s later.
    expect(nextSendAt(recordSend(emptyWindows(), T0), 'invitation', ACS_DEFAULT, T0 + 5_000)).toBe(T0 + 5_000);
  });

  it('when a minute\'s quota is spent, then the next code waits until the oldest send leaves the window (about a minute)', () => {
    const { windows } = sendAll(emptyWindows(), 'code', ACS_DEFAULT, 30, T0);
    const next = nextSendAt(windows, 'code', ACS_DEFAULT, T0 + 1_000);
    expect(next - T0).toBeGreaterThanOrEqual(60_000);
    expect(next - T0).toBeLessThanOrEqual(61_000);
  });

  it('when a bulk job has used its share of the minute and the hour, then codes, decisions and invitations still find room', () => {
    const bulk = sendAll(emptyWindows(), 'bulk', ACS_DEFAULT, 75, T0);
    // Bulk got 22 in the first minute (75 % of 30) and 75 in the hour (75 % of 100), then it waits.
    expect(bulk.times.filter((t) => t < T0 + 60_000)).toHaveLength(laneCeiling('bulk', 30));
    const at = bulk.times.at(-1)!;
    expect(nextSendAt(bulk.windows, 'bulk', ACS_DEFAULT, at) - at).toBeGreaterThan(30 * 60_000);
    for (const lane of ['code', 'decision', 'invitation'] as const) expect(nextSendAt(bulk.windows, lane, ACS_DEFAULT, at)).toBe(at);
    // Invitations stop at 85 of the hour, decisions at 92; codes may use all 100.
    const invitations = sendAll(bulk.windows, 'invitation', ACS_DEFAULT, 10, at);
    expect(nextSendAt(invitations.windows, 'invitation', ACS_DEFAULT, invitations.times.at(-1)!) - at).toBeGreaterThan(30 * 60_000);
    const codes = sendAll(invitations.windows, 'code', ACS_DEFAULT, 15, invitations.times.at(-1)!);
    expect(codes.times.at(-1)! - at).toBeLessThan(3 * 60_000);
  });

  it('when every lane sends as fast as it may for three hours, then no minute holds more than 30 and no hour more than 100', () => {
    let w = emptyWindows();
    const times: number[] = [];
    let clock = T0;
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    while (clock < T0 + 3 * 3_600_000) {
      const lane = MAIL_LANES[Math.floor(random() * MAIL_LANES.length)]!;
      const at = nextSendAt(w, lane, ACS_DEFAULT, clock);
      if (at > clock) {
        clock += Math.floor(random() * 20_000);
        continue;
      }
      w = recordSend(w, at);
      times.push(at);
    }
    expect(times.length).toBeGreaterThan(250);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(30);
    expect(busiestWindow(times, 3_600_000)).toBeLessThanOrEqual(100);
    expect(windowUsage(w, clock).hour).toBeLessThanOrEqual(100);
  });

  it('when 500 bulk invitations wait at the default quota, then the estimate says about seven hours, and a code is estimated at once', () => {
    const hours = (estimateLastSendAt(emptyWindows(), 'bulk', ACS_DEFAULT, 500, T0) - T0) / 3_600_000;
    expect(hours).toBeGreaterThan(6);
    expect(hours).toBeLessThan(7);
    expect(estimateLastSendAt(sendAll(emptyWindows(), 'bulk', ACS_DEFAULT, 75, T0).windows, 'code', ACS_DEFAULT, 1, T0)).toBe(T0);
  });

  it('when the estimate covers more mails than it simulates, then it goes on at the lane\'s sustained rate', () => {
    const quota = { perMinute: 1_000, perHour: 100_000 };
    const at = estimateLastSendAt(emptyWindows(), 'invitation', quota, 50_000, T0);
    const hours = (at - T0) / 3_600_000;
    expect(hours).toBeGreaterThan(50_000 / laneCeiling('invitation', 100_000) * 0.9);
    expect(hours).toBeLessThan(1.2);
  });

  it('when a lane\'s limit is tiny, then every lane still gets at least one send per window', () => {
    for (const lane of MAIL_LANES) expect(laneCeiling(lane, 1)).toBe(1);
    expect(laneCeiling('bulk', 30)).toBe(22);
    expect(laneCeiling('invitation', 100)).toBe(85);
    expect(laneCeiling('decision', 100)).toBe(92);
    expect(laneCeiling('code', 100)).toBe(100);
  });
});
