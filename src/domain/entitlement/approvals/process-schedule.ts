import { deliverRequest } from '../requests/deliver-request';
import { followUpRequest } from '../requests/follow-up';
import type { DueEntry, DueKind, RequestDeps } from '../requests/ports';
import { deleteUnassignedGuest } from '../assignments/lifecycle';
import { expireAssignment, sendExpiryNotice } from '../assignments/expiry';
import { escalateApproval, timeOutApproval } from './escalation';
import { TIMER } from './stages';

/** Most due entries one run handles; the rest wait for the next run (every few minutes). */
export const SCHEDULE_BATCH = 200;

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
 * entry whose handler fails stays for the next run.
 */
export async function processEntitlementSchedule(deps: RequestDeps, now: Date, correlationId: string, limit = SCHEDULE_BATCH): Promise<ScheduleRun> {
  const run: ScheduleRun = { handled: 0, failed: [] };
  for (const entry of await deps.schedule.listDue(now, limit)) {
    try {
      await HANDLERS[entry.kind](deps, entry, now, correlationId);
    } catch (error) {
      run.failed.push({ kind: entry.kind, subjectId: entry.subjectId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      continue;
    }
    await deps.schedule.remove(entry);
    run.handled++;
  }
  return run;
}
