import { parseEmailMessage, type EmailMessage } from '../mail/message';
import type { MailRenderer, RenderedEmail } from '../mail/rendered';
import { Failure } from '../errors';
import { laneOfKind, type MailLane } from './mail-lane';
import type { MailPace } from './mail-pace';
import type { Mailer, MailQueue, OutgoingMail, SendOutcome } from './mailer';
import { operationIdFor } from './operation-id';
import type { Outbox, OutboxChange, OutboxEntry } from './outbox';
import type { OutboxPointer } from './pointer';

/** Deliveries that reach Communication Services before an entry is given up (the queue's 5 attempts). */
export const MAX_DELIVERIES = 5;
/** Sends within one delivery when the failure looks brief (a dropped connection, a short Retry-After). */
export const QUICK_TRIES = 3;
/** Longest wait between quick tries; a longer Retry-After ends the delivery and re-queues instead. */
export const MAX_QUICK_WAIT_MS = 2_000;
const QUICK_BACKOFF_MS = 100;
/**
 * Longest a delivery waits in process for a sending slot. Waiting here rather than re-queueing at
 * once keeps a large backlog in the queue untouched (the host fetches no more messages while its
 * handlers wait) instead of cycling every message through the queue at each refusal.
 */
export const MAX_PACE_WAIT_MS = 60_000;
/** 429s one delivery sits through (each followed by a hold-off) before it hands the mail back to the queue. */
const MAX_THROTTLED_SENDS = 10;
/** Hold-off and re-queue delay after a 429 without Retry-After. */
const THROTTLED_REQUEUE_MS = 60_000;
/** Re-queue delay after a failed delivery without Retry-After: 2, 4, 8, 16 s… capped. */
const backoffMs = (deliveries: number): number => Math.min(2 ** deliveries * 1_000, 300_000);

export interface DeliverMailDeps {
  outbox: Outbox;
  mailer: Mailer;
  pace: MailPace;
  queue: MailQueue;
  /** The templates (an adapter: the domain decides when to render, not how a mail looks). */
  render: MailRenderer;
  /** The organization's `preferredLanguage`, the third language choice after the message's and the recipient's. */
  organizationLanguage(): Promise<string>;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Event name plus ids and reasons; never bodies, links or codes. */
  log(event: string, fields: Record<string, string | number>): void;
  /**
   * Finishes what the entry's state change left to be done after its commit (an invitation's
   * audit entries and reminder index entry): called before the mail is sent, on every delivery of
   * a pending entry that has a follow-up, so it must be idempotent. A failure throws, and the
   * message is retried (or the sweeper re-queues the entry) like any failed delivery.
   */
  followUp?(pointer: OutboxPointer, work: string): Promise<void>;
}

/** What became of one queue message. */
export type DeliveryResult = 'sent' | 'alreadyDone' | 'deferred' | 'retrying' | 'failed' | 'missing';

const isLostRace = (error: unknown): boolean => error instanceof Failure && error.code === 'preconditionFailed';

/**
 * Delivers the mail an outbox entry records, at most once as the recipient sees it: an entry that
 * is no longer pending is skipped, and every attempt (two copies of a message racing, a retry after
 * a crash) sends the same ACS operation id with the same body, which ACS answers with the first
 * outcome instead of sending again. No claim is written before sending: that would cost a Table
 * write per mail to prevent what the operation id already makes harmless. Waits for room in its
 * lane's share of the shared quota windows, retries brief failures at once and longer ones through
 * the queue, and after {@link MAX_DELIVERIES} (or a permanent failure) marks the entry `failed`
 * and poisons the message.
 */
export async function deliverMail(deps: DeliverMailDeps, pointer: OutboxPointer): Promise<DeliveryResult> {
  const ids = { outboxId: pointer.outboxId, table: pointer.table };
  const loaded = await deps.outbox.load(pointer);
  if (!loaded) {
    await poison(deps, pointer, 'outbox entry not found');
    return 'missing';
  }
  if (loaded.entry.status !== 'pending') {
    deps.log('mailAlreadyDone', { ...ids, status: loaded.entry.status });
    return 'alreadyDone';
  }
  const { entry } = loaded;
  if (entry.followUp && deps.followUp) await deps.followUp(pointer, entry.followUp);
  if (entry.attempts >= MAX_DELIVERIES) {
    return giveUp(deps, pointer, loaded.etag, `gave up after ${entry.attempts} deliveries: ${entry.lastError ?? 'no answer'}`);
  }
  const prepared = prepare(entry, deps.render, await deps.organizationLanguage());
  if (!prepared.ok) return giveUp(deps, pointer, loaded.etag, prepared.reason);

  const lane: MailLane = pointer.lane ?? laneOfKind(prepared.message.kind);
  const deliveries = entry.attempts + 1;
  const mail: OutgoingMail = { operationId: operationIdFor(entry.id), message: prepared.message, rendered: prepared.rendered };
  let outcome: SendOutcome;
  for (let throttled = 0; ; throttled++) {
    const slot = await waitForSlot(deps, lane);
    if (!slot.ok || throttled >= MAX_THROTTLED_SENDS) {
      // Pacing is not a failed delivery: no attempt is counted, however long the wait.
      const seconds = Math.ceil((slot.ok ? THROTTLED_REQUEUE_MS : slot.retryAfterMs) / 1000);
      await deps.queue.requeue(pointer, seconds);
      deps.log('mailPaced', { ...ids, delaySeconds: seconds });
      return 'deferred';
    }
    outcome = await sendWithQuickRetries(deps, mail, ids);
    if (outcome.kind !== 'transient' || !outcome.throttled) break;
    // 429: the quota is spent for everyone. Every instance holds off for Retry-After, and this
    // mail waits for a slot again like any other instead of counting a failed attempt.
    const holdMs = outcome.retryAfterMs ?? THROTTLED_REQUEUE_MS;
    if (holdMs > 0) await deps.pace.holdOff(new Date(deps.now().getTime() + holdMs));
    deps.log('mailThrottled', { ...ids, holdMs });
  }
  const attempted = { attempts: deliveries, lastAttemptAt: deps.now() };
  if (outcome.kind === 'accepted') {
    await change(deps, pointer, loaded.etag, { ...attempted, status: 'sent', sentAt: deps.now(), lastError: null });
    deps.log('mailSent', { ...ids, operationId: mail.operationId, deliveries });
    return 'sent';
  }
  if (outcome.kind === 'permanent') return giveUp(deps, pointer, loaded.etag, outcome.reason, attempted);
  if (deliveries >= MAX_DELIVERIES) return giveUp(deps, pointer, loaded.etag, `gave up after ${deliveries} deliveries: ${outcome.reason}`, attempted);
  const delaySeconds = Math.ceil(Math.max(outcome.retryAfterMs ?? 0, backoffMs(deliveries)) / 1000);
  await change(deps, pointer, loaded.etag, { ...attempted, lastError: outcome.reason });
  await deps.queue.requeue(pointer, delaySeconds);
  deps.log('mailRetrying', { ...ids, deliveries, delaySeconds, reason: outcome.reason });
  return 'retrying';
}

type Prepared = { ok: true; message: EmailMessage; rendered: RenderedEmail } | { ok: false; reason: string };

/** Parses and renders the recorded message; either failing is permanent (the row will not change). */
function prepare(entry: OutboxEntry, render: MailRenderer, organizationLanguage: string): Prepared {
  const parsed = parseEmailMessage(entry.message);
  if (!parsed.ok) return { ok: false, reason: parsed.error.message };
  try {
    return { ok: true, message: parsed.value, rendered: render(parsed.value, organizationLanguage) };
  } catch (error) {
    return { ok: false, reason: `cannot render: ${error instanceof Error ? error.name : 'error'}` };
  }
}

async function waitForSlot(deps: DeliverMailDeps, lane: MailLane): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  let waited = 0;
  for (;;) {
    const slot = await deps.pace.take(deps.now(), lane);
    if (slot.ok || waited + slot.retryAfterMs > MAX_PACE_WAIT_MS) return slot;
    await deps.sleep(slot.retryAfterMs);
    waited += slot.retryAfterMs;
  }
}

/** Sends, retrying at once the failures that look brief; a 429 goes back to the pace instead. */
async function sendWithQuickRetries(deps: DeliverMailDeps, mail: OutgoingMail, ids: Record<string, string>): Promise<SendOutcome> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await deps.mailer.send(mail);
    if (outcome.kind !== 'transient' || outcome.throttled) return outcome;
    const waitMs = outcome.retryAfterMs ?? QUICK_BACKOFF_MS * 2 ** (attempt - 1);
    if (attempt >= QUICK_TRIES || waitMs > MAX_QUICK_WAIT_MS) return outcome;
    deps.log('mailRetryingQuickly', { ...ids, attempt, waitMs, reason: outcome.reason });
    await deps.sleep(waitMs);
  }
}

/**
 * Applies a change; when another copy of the message (or the sweeper) changed the row meanwhile,
 * reads it again and applies the change only while the entry is still pending (the first final
 * status wins). False when another copy had already settled the entry.
 */
async function change(deps: DeliverMailDeps, pointer: OutboxPointer, etag: string, changes: OutboxChange): Promise<boolean> {
  let current = etag;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await deps.outbox.update(pointer, current, changes);
      return true;
    } catch (error) {
      if (!isLostRace(error)) throw error;
      const reloaded = await deps.outbox.load(pointer);
      if (!reloaded || reloaded.entry.status !== 'pending') return false;
      current = reloaded.etag;
    }
  }
  throw new Error(`Outbox entry ${pointer.outboxId} stayed contended`);
}

async function giveUp(deps: DeliverMailDeps, pointer: OutboxPointer, etag: string, reason: string, extra: OutboxChange = {}): Promise<'failed'> {
  // A copy that settled the entry first (sent it) wins; then there is nothing to poison.
  if (await change(deps, pointer, etag, { ...extra, status: 'failed', lastError: reason })) await poison(deps, pointer, reason);
  return 'failed';
}

async function poison(deps: DeliverMailDeps, pointer: OutboxPointer, reason: string): Promise<void> {
  await deps.queue.poison(pointer, reason);
  deps.log('mailPoisoned', { outboxId: pointer.outboxId, table: pointer.table, reason });
}
