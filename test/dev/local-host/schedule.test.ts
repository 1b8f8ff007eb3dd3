import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FunctionDescriptor } from '../../../dev/local-host/functions';
import type { Invoker, TriggerRequest } from '../../../dev/local-host/invoke';
import { parseSchedule } from '../../../dev/local-host/schedule';
import { createTimerRunner } from '../../../dev/local-host/timer-runner';

const at = (iso: string) => new Date(iso);
const nextAfter = (expression: string, iso: string) => parseSchedule(expression).next(at(iso)).toISOString();

describe('NCRONTAB schedules', () => {
  it('when the expression has six fields, then the first is seconds', () => {
    expect(nextAfter('*/15 * * * * *', '2024-01-01T00:00:07Z')).toBe('2024-01-01T00:00:15.000Z');
    expect(nextAfter('30 5 * * * *', '2024-01-01T00:00:00Z')).toBe('2024-01-01T00:05:30.000Z');
  });

  it('when the expression has five fields (Vixie cron), then it is rejected with the host message', () => {
    expect(() => parseSchedule('0 */5 * * *')).toThrow(
      "The schedule expression '0 */5 * * *' was not recognized as a valid cron expression or timespan string.",
    );
  });

  it('when both day of month and day of week are set, then both must match (Friday the 13th, not every Friday)', () => {
    const schedule = parseSchedule('0 0 0 13 * FRI');
    let from = at('2024-01-01T00:00:00Z');
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      from = schedule.next(from);
      runs.push(from.toISOString());
    }
    expect(runs).toEqual(['2024-09-13T00:00:00.000Z', '2024-12-13T00:00:00.000Z', '2025-06-13T00:00:00.000Z']);
  });

  it('when the process runs in another time zone, then schedules are still read in UTC', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      expect(nextAfter('0 30 9 * * *', '2024-03-31T08:00:00Z')).toBe('2024-03-31T09:30:00.000Z');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('when fields use names, ranges, lists and steps, then they are honoured', () => {
    expect(nextAfter('0 0 9 * * MON-FRI', '2024-01-06T10:00:00Z')).toBe('2024-01-08T09:00:00.000Z'); // Saturday → Monday
    expect(nextAfter('0 0 0 1 JAN,JUL *', '2024-02-01T00:00:00Z')).toBe('2024-07-01T00:00:00.000Z');
    expect(nextAfter('0 0 */6 * * *', '2024-01-01T07:00:00Z')).toBe('2024-01-01T12:00:00.000Z');
  });

  it.each(['0 0 0 L * *', '0 0 0 ? * MON', '0 0 0 * * 5#2', '0 0 0 * * FOO', '60 * * * * *', 'every day'])(
    'when the expression is %s (not NCRONTAB), then it is rejected',
    (expression) => {
      expect(() => parseSchedule(expression)).toThrow(/was not recognized as a valid cron expression or timespan string/);
    },
  );

  it('when the schedule is a TimeSpan, then it runs every interval, with 24 and more read as dd:hh:mm', () => {
    expect(parseSchedule('00:00:05')).toMatchObject({ kind: 'timespan', adjustForDST: false });
    expect(nextAfter('00:00:05', '2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:05.000Z');
    expect(nextAfter('1.02:00:00', '2024-01-01T00:00:00Z')).toBe('2024-01-02T02:00:00.000Z');
    expect(nextAfter('24:00:00', '2024-01-01T00:00:00Z')).toBe('2024-01-25T00:00:00.000Z');
    expect(() => parseSchedule('00:00:00')).toThrow(/not recognized/);
  });
});

function timerFunction(name: string, schedule: string, extra: Record<string, unknown> = {}): FunctionDescriptor {
  const trigger = { type: 'timerTrigger', direction: 'in' as const, schedule, ...extra };
  return {
    summary: { name, trigger: 'timer', schedule },
    registered: { metadata: { name, bindings: { timerTrigger1: trigger } }, callback: () => undefined },
    triggerName: 'timerTrigger1',
    trigger,
  };
}

describe('timer runner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('when a schedule is invalid, then creating the runner fails naming the function', () => {
    const invoker: Invoker = { invoke: async () => ({}), drain: async () => true };
    expect(() => createTimerRunner([timerFunction('nightlyCleanup', '0 3 * * *')], invoker)).toThrow(
      "The 'nightlyCleanup' function is in error: The schedule expression '0 3 * * *' was not recognized",
    );
  });

  it('when a run outlasts later occurrences, then runs never overlap and the missed occurrences are skipped', async () => {
    vi.useFakeTimers({ now: at('2024-01-01T00:00:00.000Z') });
    const started: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const invoker: Invoker = {
      async invoke(_fn, request: TriggerRequest) {
        running++;
        maxRunning = Math.max(maxRunning, running);
        started.push(new Date().toISOString());
        expect(JSON.parse(request.inputData[0]!.data!.json!)).toMatchObject({ IsPastDue: false, Schedule: { AdjustForDST: true } });
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        running--;
        return {};
      },
      drain: async () => true,
    };
    const runner = createTimerRunner([timerFunction('everySecond', '*/1 * * * * *', { runOnStartup: true })], invoker);
    runner.start();
    await vi.advanceTimersByTimeAsync(10_000);
    runner.stop();

    expect(maxRunning).toBe(1);
    // runOnStartup at 0 s; then each run lasts 2.5 s and the next whole second after it is used.
    expect(started).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:03.000Z',
      '2024-01-01T00:00:06.000Z',
      '2024-01-01T00:00:09.000Z',
    ]);
  });
});
