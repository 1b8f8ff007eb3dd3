import { describe, expect, it } from 'vitest';
import { bulkRateOf } from '../../../src/domain/invitations/bulk-rate';

const created = '2030-05-01T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(created) + seconds * 1000);

describe('a bulk job\'s rate and estimated end', () => {
  it('when 10,000 of 50,000 rows are done after 100 s, then the rate is 100 rows/s and the end 400 s later', () => {
    const rate = bulkRateOf({ total: 50_000, processed: 10_000, createdDateTime: created, completedDateTime: null, status: 'running' }, at(100));
    expect(rate).toEqual({ rowsPerSecond: 100, estimatedCompletionDateTime: at(500).toISOString() });
  });

  it('when nothing is done yet, then neither is known', () => {
    expect(bulkRateOf({ total: 10, processed: 0, createdDateTime: created, completedDateTime: null, status: 'notStarted' }, at(5))).toEqual({ rowsPerSecond: null, estimatedCompletionDateTime: null });
  });

  it('when the job is done, then the rate is over its whole run and the end is its completion', () => {
    const done = at(250).toISOString();
    expect(bulkRateOf({ total: 500, processed: 500, createdDateTime: created, completedDateTime: done, status: 'completed' }, at(900))).toEqual({ rowsPerSecond: 2, estimatedCompletionDateTime: done });
  });

  it('when the job is stalled, then no end is promised', () => {
    expect(bulkRateOf({ total: 500, processed: 200, createdDateTime: created, completedDateTime: null, status: 'stalled' }, at(100)).estimatedCompletionDateTime).toBeNull();
  });
});
