import type { RequestDeps } from './ports';

/**
 * How long after a request changes the timer checks that what follows the change happened. A
 * change is one write; what follows it (approval mails, delivery, the denial mail, the start
 * entry) are further writes a crash can cut off. Before each such change a `requestFollowUp` due
 * entry is written, and {@link followUpRequest} finishes the job from whatever state it finds.
 */
export const FOLLOW_UP_AFTER_MS = 10 * 60 * 1000;

/** Writes the follow-up hint for `requestId` (before the change it covers). */
export async function scheduleFollowUp(deps: Pick<RequestDeps, 'schedule' | 'now'>, requestId: string): Promise<void> {
  await deps.schedule.schedule({ kind: 'requestFollowUp', subjectId: requestId, dueAt: new Date(deps.now().getTime() + FOLLOW_UP_AFTER_MS) });
}
