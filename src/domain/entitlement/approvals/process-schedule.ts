import { deliverRequest } from '../requests/deliver-request';
import { followUpRequest } from '../requests/follow-up';
import type { DueEntry, DueKind, RequestDeps } from '../requests/ports';
import { deleteUnassignedGuest } from '../assignments/lifecycle';
import { expireAssignment, sendExpiryNotice } from '../assignments/expiry';
import { escalateApproval, timeOutApproval } from './escalation';
import { TIMER } from './stages';

/** Due entries read at a time. */
export const SCHEDULE_BATCH = 200;
/**
 * How long one run keeps reading batches. Every request change writes a follow-up entry, so under
 * a steady load more than one batch falls due between runs (every 5 minutes): one batch per run
 * made the backlog grow without end at 0.7 request changes per second. The function times out
 * after 10 minutes; what is left after the budget waits for the next run.
 */
export const SCHEDULE_BUDGET_MS = 4 * 60_000;

/** What one run did: entries handled (acted on or found no longer due) and entries that failed and stay for the next run. */
export interface ScheduleRun {
  handled: number;
  failed: { kind: DueKind; subjectId: string; error: string }[];
}

type Handler = (deps: RequestDeps, entry: DueEntry, now: Date, correlationId: string) => Promise<void>;

/** The `scheduled` request whose start has come is delivered. */
const startScheduled: Handler = async (deps, entry, now, correlationId) => {
  const request = (await deps.requests.get(entry.subjectId))?.value;
  if (!request || request.state !== 'scheduled' || Date.parse(request.schedule.startDateTime) > now.getTime()) return;
  await deliverRequest(deps, request.id, TIMER, correlationId);
};

const HANDLERS: Record<DueKind, Handler> = {
  approvalEscalation: escalateApproval,
  approvalTimeout: timeOutApproval,
  assignmentNotice: sendExpiryNotice,
  assignmentEnd: expireAssignment,
  guestDeletion: deleteUnassignedGuest,
  scheduledStart: startScheduled,
  requestFollowUp: followUpRequest,
};

/**
 * The entitlement timer: reads the due index up to `now` and runs each entry's handler. Each
 * handler re-reads its entity and acts only if it is still due, so an entry is removed once
 * handled whatever it found, and a second run (or a run after a crash) does nothing twice. An
 * entry whose handler fails stays for the next run. Batches are read until none is due or the
 * budget is spent.
 */
export async function processEntitlementSchedule(deps: RequestDeps, now: Date, correlationId: string, limit = SCHEDULE_BATCH, budgetMs = SCHEDULE_BUDGET_MS): Promise<ScheduleRun> {
  const run: ScheduleRun = { handled: 0, failed: [] };
  const stopAt = deps.now().getTime() + budgetMs;
  for (;;) {
    const due = await deps.schedule.listDue(now, limit);
    const handledBefore = run.handled;
    for (const entry of due) {
      try {
        await HANDLERS[entry.kind](deps, entry, now, correlationId);
      } catch (error) {
        run.failed.push({ kind: entry.kind, subjectId: entry.subjectId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        continue;
      }
      await deps.schedule.remove(entry);
      run.handled++;
    }
    // A short batch was the last; a batch of failures only would be read again as it is.
    if (due.length < limit || run.handled === handledBefore || deps.now().getTime() >= stopAt) return run;
  }
}
