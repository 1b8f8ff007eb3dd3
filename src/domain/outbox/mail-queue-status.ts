import { MAIL_LANES, type MailLane } from './mail-lane';
import { expectedDrainSeconds, type MailPace } from './mail-pace';
import type { Outbox } from './outbox';

/** One lane's backlog: the messages waiting in its queue and when the last of them goes at the current quota. */
export interface MailLaneStatus {
  lane: MailLane;
  queueLength: number;
  /** When the last waiting mail of the lane is sent at the current quota (now when nothing waits). */
  estimatedLastSendAt: Date;
}

/** The mail backlog as the admin view shows it. */
export interface MailQueueStatus {
  /** Outbox entries not yet handed to Communication Services. */
  pending: number;
  /** Entries given up (their messages are in `email-outbox-poison`). */
  failed: number;
  /** Approximate messages in the mail queues, including ones waiting out a delay. */
  queueLength: number;
  ratePerMinute: number;
  ratePerHour: number;
  /** Seconds until the pending entries are sent at the configured quota from an idle start. */
  expectedDrainSeconds: number;
  lanes: MailLaneStatus[];
}

export interface MailQueueStatusDeps {
  outbox: Pick<Outbox, 'countByStatus'>;
  pace: Pick<MailPace, 'estimate'>;
  laneQueueLength(lane: MailLane): Promise<number>;
  ratePerMinute: number;
  ratePerHour: number;
  now(): Date;
}

/** When the last of the mails now waiting in `lane`'s queue is sent, at the current quota. */
export async function laneStatus(deps: Pick<MailQueueStatusDeps, 'pace' | 'laneQueueLength' | 'now'>, lane: MailLane, extra = 0): Promise<MailLaneStatus> {
  const queueLength = await deps.laneQueueLength(lane);
  return { lane, queueLength, estimatedLastSendAt: await deps.pace.estimate(lane, queueLength + extra, deps.now()) };
}

/** Reads the backlog: pending and failed entries, each lane's queue and when it drains. */
export async function readMailQueueStatus(deps: MailQueueStatusDeps): Promise<MailQueueStatus> {
  const [counts, lanes] = await Promise.all([deps.outbox.countByStatus(), Promise.all(MAIL_LANES.map((lane) => laneStatus(deps, lane)))]);
  // Codes and decisions share a queue: its length is shown once, under the code lane.
  const queueLength = lanes.filter((l) => l.lane !== 'decision').reduce((sum, l) => sum + l.queueLength, 0);
  return {
    pending: counts.pending,
    failed: counts.failed,
    queueLength,
    ratePerMinute: deps.ratePerMinute,
    ratePerHour: deps.ratePerHour,
    expectedDrainSeconds: expectedDrainSeconds(counts.pending, deps.ratePerMinute, deps.ratePerHour),
    lanes,
  };
}

/** A delay under this is not worth telling anyone about. */
const NOTICEABLE_DELAY_MS = 60_000;

/**
 * Whole minutes until the last mail now waiting in `lane` (one just queued included) is sent at
 * the current quota, or null when that is under a minute: what a page says after queueing a code
 * ("the code may take up to N minutes"). An estimate that cannot be read is no reason to fail the
 * page, so it is then null too.
 */
export async function noticeableMailDelayMinutes(deps: Pick<MailQueueStatusDeps, 'pace' | 'laneQueueLength' | 'now'>, lane: MailLane): Promise<number | null> {
  try {
    const now = deps.now();
    const waiting = Math.max(1, await deps.laneQueueLength(lane));
    const delayMs = (await deps.pace.estimate(lane, waiting, now)).getTime() - now.getTime();
    return delayMs < NOTICEABLE_DELAY_MS ? null : Math.ceil(delayMs / 60_000);
  } catch {
    return null;
  }
}
