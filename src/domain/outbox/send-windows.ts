import { laneCeiling, type MailLane } from './mail-lane';

/**
 * The sends of the last hour, as Communication Services counts them: per minute and per hour over
 * sliding windows. Kept small enough for one table row whatever the quota: the last minute in
 * 1-second slots, the last hour in 10-second slots (`[slot, count]` pairs, oldest first). A send is
 * taken to have happened at the end of its slot, so the arithmetic never allows more than the
 * quota in any window, at worst a second (minute) or ten (hour) later than strictly needed.
 */
export interface SendWindows {
  seconds: [number, number][];
  tens: [number, number][];
}

/** The quota: at most `perMinute` sends in any 60 s and `perHour` in any 3,600 s. */
export interface MailQuota {
  perMinute: number;
  perHour: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Sends simulated one by one in an estimate; beyond, the lane's sustained rate extrapolates. */
const SIMULATED_SENDS = 2_000;

export const emptyWindows = (): SendWindows => ({ seconds: [], tens: [] });

const secondExpiry = (slot: number) => (slot + 1) * 1_000 + MINUTE_MS;
const tenExpiry = (slot: number) => (slot + 1) * 10_000 + HOUR_MS;

/** The windows without the slots that no longer count at `nowMs`. */
export function pruneWindows(w: SendWindows, nowMs: number): SendWindows {
  return { seconds: w.seconds.filter(([s]) => secondExpiry(s) > nowMs), tens: w.tens.filter(([s]) => tenExpiry(s) > nowMs) };
}

const total = (slots: readonly [number, number][]) => slots.reduce((sum, [, n]) => sum + n, 0);

/** Sends counted in the trailing minute and hour at `nowMs`. */
export function windowUsage(w: SendWindows, nowMs: number): { minute: number; hour: number } {
  const live = pruneWindows(w, nowMs);
  return { minute: total(live.seconds), hour: total(live.tens) };
}

function add(slots: readonly [number, number][], slot: number): [number, number][] {
  // Instances' clocks differ slightly, so a send may land in an earlier slot than the newest.
  const out = slots.map(([s, n]): [number, number] => [s, s === slot ? n + 1 : n]);
  if (!slots.some(([s]) => s === slot)) out.push([slot, 1]);
  return out.sort((a, b) => a[0] - b[0]);
}

/** The windows after one more send at `nowMs` (expired slots dropped). */
export function recordSend(w: SendWindows, nowMs: number): SendWindows {
  const live = pruneWindows(w, nowMs);
  return { seconds: add(live.seconds, Math.floor(nowMs / 1_000)), tens: add(live.tens, Math.floor(nowMs / 10_000)) };
}

/** When the oldest slots holding `excess` sends have all expired. */
function freedAt(slots: readonly [number, number][], excess: number, expiry: (slot: number) => number): number {
  let freed = 0;
  for (const [slot, n] of slots) {
    freed += n;
    if (freed >= excess) return expiry(slot);
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The earliest moment at or after `nowMs` when `lane` may send one more mail: the lane's ceiling
 * in both windows leaves room. Slots only expire, so the later of the two windows' moments suits both.
 */
export function nextSendAt(w: SendWindows, lane: MailLane, quota: MailQuota, nowMs: number): number {
  const live = pruneWindows(w, nowMs);
  const minuteExcess = total(live.seconds) + 1 - laneCeiling(lane, quota.perMinute);
  const hourExcess = total(live.tens) + 1 - laneCeiling(lane, quota.perHour);
  let at = nowMs;
  if (minuteExcess > 0) at = Math.max(at, freedAt(live.seconds, minuteExcess, secondExpiry));
  if (hourExcess > 0) at = Math.max(at, freedAt(live.tens, hourExcess, tenExpiry));
  return at;
}

/** Milliseconds between sends of `lane` in the long run (the tighter window wins). */
export function sustainedGapMs(lane: MailLane, quota: MailQuota): number {
  return Math.max(MINUTE_MS / laneCeiling(lane, quota.perMinute), HOUR_MS / laneCeiling(lane, quota.perHour));
}

/**
 * When the last of `count` mails of `lane` would go out at the current quota, if nothing else
 * were sent meanwhile: each takes the next moment its lane has room. An estimate for people ("the
 * code may take up to N minutes", "this job's mails are sent by …"), not a promise.
 */
export function estimateLastSendAt(w: SendWindows, lane: MailLane, quota: MailQuota, count: number, nowMs: number): number {
  if (count <= 0) return nowMs;
  let windows = pruneWindows(w, nowMs);
  let at = nowMs;
  const simulated = Math.min(count, SIMULATED_SENDS);
  for (let i = 0; i < simulated; i++) {
    at = nextSendAt(windows, lane, quota, at);
    windows = recordSend(windows, at);
  }
  return at + (count - simulated) * sustainedGapMs(lane, quota);
}
