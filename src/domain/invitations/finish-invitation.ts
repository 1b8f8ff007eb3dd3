import { z } from 'zod';
import type { AuditEntry } from '../audit';
import { Failure } from '../errors';
import { entryOf, type InvitationStep } from './audit-invitation';
import type { GuestAccounts, InvitationDeps, ReminderEntry } from './ports';

/**
 * What an invitation leaves to be done after its record committed: the audit entries and the next
 * reminder's index entry. It is stored with the invitation mail's outbox row (same partition, same
 * transaction as the record), and the mail sender finishes it before it sends (`finishInvitation`),
 * again on every delivery until the mail is sent; the outbox sweeper re-queues a row whose queue
 * message was lost. So the request path pays none of these writes, and a crash at any point leaves
 * either nothing (no commit) or a pending row that the sender or the sweeper finishes.
 */
export interface InvitationFollowUp {
  /** Entries with their ids fixed at record time, so a repeated finish writes each once. */
  audit: AuditEntry[];
  reminder: ReminderEntry | null;
  /** A new guest whose consequences (group rules, list index, pending marker) are left to finish (`GuestAccounts.finishGuest`). */
  guestId: string | null;
}

/** What creating the guest left to the follow-up. */
export interface GuestLeftPending {
  audit: AuditEntry | null;
  /** The guest to finish, when its row still holds a pending marker. */
  guestId: string | null;
}

const date = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const followUpSchema = z.object({
  v: z.literal(1),
  audit: z.array(
    z
      .object({ id: z.string(), activityAt: date, initiatedBy: z.object({ kind: z.enum(['user', 'app', 'system']) }).passthrough(), targetResources: z.array(z.unknown()) })
      .passthrough(),
  ),
  reminder: z.object({ guestId: z.string(), index: z.number().int().min(0), invitedAt: date, dueAt: date }).nullable(),
  guestId: z.string().nullable().default(null),
});

/** The follow-up of `steps` (ids from `newId`) and `reminder`, as the outbox row stores it. */
export function followUpOf(deps: Pick<InvitationDeps, 'newId'>, steps: readonly InvitationStep[], reminder: ReminderEntry | null, guest?: GuestLeftPending): string {
  const audit = [...(guest?.audit ? [guest.audit] : []), ...steps.map((step) => entryOf(deps, step))];
  const followUp: InvitationFollowUp = { audit, reminder, guestId: guest?.guestId ?? null };
  return JSON.stringify({ v: 1, ...followUp });
}

/** Reads a stored follow-up; a row that does not parse is a defect, reported as such. */
export function parseFollowUp(stored: string): InvitationFollowUp {
  const parsed = followUpSchema.safeParse(JSON.parse(stored));
  if (!parsed.success) throw new TypeError(`Invalid invitation follow-up: ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
  return { audit: parsed.data.audit as unknown as AuditEntry[], reminder: parsed.data.reminder, guestId: parsed.data.guestId };
}

const alreadyWritten = (error: unknown) => error instanceof Failure && error.code === 'conflict';

/**
 * Writes what an invitation's follow-up names. Each write is idempotent: the audit entries carry
 * fixed ids (an entry already written is a conflict, taken as done) and the reminder entry is an
 * upsert of a row keyed by guest, schedule position and due date.
 */
export async function finishInvitation(deps: Pick<InvitationDeps, 'audit' | 'reminders'> & { guests: Pick<GuestAccounts, 'finishGuest'> }, stored: string): Promise<void> {
  const followUp = parseFollowUp(stored);
  await Promise.all([
    writeAudit(deps, followUp.audit),
    followUp.reminder ? deps.reminders.schedule(followUp.reminder) : undefined,
    followUp.guestId ? finishGuest(deps, followUp.guestId) : undefined,
  ]);
}

/** Writes what creating a guest left, when the invitation is not recorded after all (a refusal after the guest was created). */
export async function finishGuestNow(deps: Pick<InvitationDeps, 'audit'> & { guests: Pick<GuestAccounts, 'finishGuest'> }, guest: GuestLeftPending): Promise<void> {
  await Promise.all([guest.audit ? writeAudit(deps, [guest.audit]) : undefined, guest.guestId ? finishGuest(deps, guest.guestId) : undefined]);
}

async function finishGuest(deps: { guests: Pick<GuestAccounts, 'finishGuest'> }, id: string): Promise<void> {
  if (!deps.guests.finishGuest) throw new TypeError('A follow-up names a guest to finish, but GuestAccounts.finishGuest is not wired');
  await deps.guests.finishGuest(id);
}

async function writeAudit(deps: Pick<InvitationDeps, 'audit'>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    if (deps.audit.appendAll) return await deps.audit.appendAll(entries);
  } catch (error) {
    if (!alreadyWritten(error)) throw error;
  }
  // A repeated finish (or an adapter without appendAll): one by one, skipping what is there.
  for (const entry of entries) {
    try {
      await deps.audit.append(entry);
    } catch (error) {
      if (!alreadyWritten(error)) throw error;
    }
  }
}
