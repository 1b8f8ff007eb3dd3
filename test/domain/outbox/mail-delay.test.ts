import { describe, expect, it } from 'vitest';
import type { MailLane } from '../../../src/domain/outbox/mail-lane';
import { noticeableMailDelayMinutes } from '../../../src/domain/outbox/mail-queue-status';
import { emptyWindows, estimateLastSendAt, recordSend, type SendWindows } from '../../../src/domain/outbox/send-windows';

const NOW = new Date('2030-05-01T09:30:00Z');
const QUOTA = { perMinute: 30, perHour: 100 };

/** The estimate as the pace gives it, over fixed windows and queue lengths. */
function depsOver(windows: SendWindows, waiting: Partial<Record<MailLane, number>>) {
  return {
    now: () => NOW,
    laneQueueLength: async (lane: MailLane) => waiting[lane] ?? 0,
    pace: { estimate: async (lane: MailLane, count: number, now: Date) => new Date(estimateLastSendAt(windows, lane, QUOTA, count, now.getTime())) },
  };
}

function spent(count: number, at: number): SendWindows {
  let w = emptyWindows();
  for (let i = 0; i < count; i++) w = recordSend(w, at);
  return w;
}

describe('the "may take up to N minutes" notice', () => {
  it('when the quota has room for the code, then there is nothing to announce', async () => {
    expect(await noticeableMailDelayMinutes(depsOver(spent(75, NOW.getTime() - 120_000), { code: 1, bulk: 400 }), 'code')).toBeNull();
  });

  it('when the hour\'s quota is spent, then the code\'s wait is announced in whole minutes', async () => {
    const minutes = await noticeableMailDelayMinutes(depsOver(spent(100, NOW.getTime() - 20 * 60_000), { code: 1 }), 'code');
    expect(minutes).toBe(41);
  });

  it('when the estimate cannot be read, then the page shows no notice instead of failing', async () => {
    const deps = { ...depsOver(emptyWindows(), {}), laneQueueLength: async () => Promise.reject(new Error('storage down')) };
    expect(await noticeableMailDelayMinutes(deps, 'code')).toBeNull();
  });
});
