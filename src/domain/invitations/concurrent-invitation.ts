import { Failure } from '../errors';
import type { InvitedAddress } from './invited-address';
import type { GuestAccount, InvitationDeps, StoredInvitation } from './ports';
import { recordInvitation, type RecordedInvitation } from './record-invitation';

/** How long a request that lost the race for a new address waits for the winner's guest. */
const WAIT_ATTEMPTS = 40;
const WAIT_PAUSE_MS = 100;
/** Read-modify-write attempts of one invitation record before the request is refused (409). */
export const RECORD_ATTEMPTS = 25;

// Pacing only (no clock is read), so the domain stays free of time sources.
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Two concurrent invitations of one new address: the users module reserves addresses, so only one
 * request creates the guest and the other gets `conflict`. That loser waits briefly for the
 * winner's guest and then goes on as a re-invitation of it (with its own link and, when asked,
 * its own mail, as if it had come a moment later). When the winner never finishes (it crashed),
 * the original `conflict` stands and a retry of the request re-invites the existing guest.
 */
export async function waitForConcurrentGuest(
  deps: Pick<InvitationDeps, 'guests'>,
  address: InvitedAddress,
  conflict: Failure,
  refuseMember: () => Failure,
): Promise<GuestAccount> {
  for (let attempt = 0; attempt < WAIT_ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(WAIT_PAUSE_MS);
    const holder = await deps.guests.findByEmail(address.address);
    if (holder && holder.creationType !== 'Invitation' && holder.externalUserState === null) throw refuseMember();
    if (holder) return holder;
  }
  throw conflict;
}

/** True when a concurrent request saved the invitation first (an insert that lost, or a stale ETag). */
export const isLostInvitationRace = (error: unknown): error is Failure => error instanceof Failure && (error.code === 'conflict' || error.code === 'preconditionFailed');

/** True for the `conflict` the users module raises when another request took the address first. */
export const isLostAddressRace = (error: unknown): error is Failure => error instanceof Failure && error.code === 'conflict';

export type RecordAttempt =
  | { kind: 'record'; input: Omit<Parameters<typeof recordInvitation>[1], 'etag' | 'issued'> }
  | { kind: 'done'; result: RecordedInvitation & { replayed: true } };

/**
 * A read-modify-write of one guest's invitation record: `decide` builds the write from the record
 * as it is (or answers without writing), the write carries the record's ETag, and a write that
 * lost to a concurrent one is decided again on a fresh read, so no change is lost and every limit
 * is checked against what is stored. A link issued by a lost attempt is reused by the next one.
 * After {@link RECORD_ATTEMPTS} lost races the request is refused with 409 and Retry-After.
 */
export async function recordWithRetries(
  deps: Pick<InvitationDeps, 'tickets' | 'invitations' | 'randomBytes' | 'publicBaseUrl' | 'newId' | 'deriveBytes'>,
  guestId: string,
  first: StoredInvitation | undefined | 'unread',
  decide: (stored: StoredInvitation | undefined) => Promise<RecordAttempt>,
): Promise<RecordedInvitation & { replayed: boolean }> {
  const issued = {};
  let stored = first === 'unread' ? await deps.invitations.get(guestId) : first;
  for (let attempt = 1; ; attempt++) {
    const next = await decide(stored);
    if (next.kind === 'done') return next.result;
    try {
      const recorded = await recordInvitation(deps, { ...next.input, etag: stored?.etag, issued });
      return { ...recorded, replayed: false };
    } catch (error) {
      if (!isLostInvitationRace(error)) throw error;
      if (attempt >= RECORD_ATTEMPTS) {
        throw new Failure('conflict', "This guest's invitation is being changed by other requests at the same time. Retry.", { retryAfterSeconds: 1 });
      }
    }
    // Spread the retries of racing requests: a random pause that grows with the attempts.
    const jitter = (deps.randomBytes(1)[0] ?? 0) / 256;
    await pause(Math.round(jitter * Math.min(200, 5 * 2 ** attempt)));
    stored = await deps.invitations.get(guestId);
  }
}
