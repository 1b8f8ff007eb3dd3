import type { BulkProgress } from './bulk-job';

/** How fast a bulk job goes and when it should end, as its progress view shows them. */
export interface BulkRate {
  /** Rows finished (invited or failed) per second since the job was created; null before the first. */
  rowsPerSecond: number | null;
  /** When the last row should be finished at that rate; the completion time once done; null while nothing is known. */
  estimatedCompletionDateTime: string | null;
}

/**
 * The job's rate and estimated end from its progress, measured from its creation (the upload and
 * the first chunk's start included, so the estimate errs late rather than early).
 */
export function bulkRateOf(progress: Pick<BulkProgress, 'total' | 'processed' | 'createdDateTime' | 'completedDateTime' | 'status'>, now: Date): BulkRate {
  const createdMs = Date.parse(progress.createdDateTime);
  const endMs = progress.completedDateTime ? Date.parse(progress.completedDateTime) : now.getTime();
  const seconds = Math.max(0.001, (endMs - createdMs) / 1000);
  if (progress.processed === 0) return { rowsPerSecond: null, estimatedCompletionDateTime: null };
  const rowsPerSecond = Math.round((progress.processed / seconds) * 10) / 10;
  if (progress.completedDateTime) return { rowsPerSecond, estimatedCompletionDateTime: progress.completedDateTime };
  // A stalled job does not move until it is resumed: no honest end to promise.
  if (progress.status === 'stalled') return { rowsPerSecond, estimatedCompletionDateTime: null };
  const remainingSeconds = (progress.total - progress.processed) / (progress.processed / seconds);
  return { rowsPerSecond, estimatedCompletionDateTime: new Date(now.getTime() + remainingSeconds * 1000).toISOString() };
}
