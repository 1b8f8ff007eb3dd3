import type { FunctionDescriptor } from './functions';
import type { Invoker } from './invoke';
import type { RpcTypedData } from './rpc-types';
import { parseSchedule, type Schedule } from './schedule';
import type { TimerLock } from './timer-lock';

/** setTimeout's limit; longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** .NET's DateTime.MinValue, the host's "never ran" value for `scheduleStatus.last`. */
const NEVER = '0001-01-01T00:00:00.000Z';

export interface TimerRunner {
  /** Arms every timer (running `runOnStartup` ones first). */
  start(): void;
  /** The timer object the host would pass now, for an invocation outside the schedule. */
  timerInput(name: string): RpcTypedData;
  /** Disarms every timer; running invocations are left to the invoker's drain. */
  stop(): void;
}

interface TimerState {
  fn: FunctionDescriptor;
  schedule: Schedule;
  last: Date | undefined;
  timeout: NodeJS.Timeout | undefined;
}

/**
 * Schedules timer triggers like the host's timer listener: UTC, the next occurrence computed after
 * each run completes (so runs never overlap and occurrences missed during a long run are skipped),
 * `isPastDue` true when a whole later occurrence had already passed by the time the timer fired.
 * Schedules are parsed at construction: an invalid one fails start-up naming its function.
 * With a `lock`, hosts of one app running side by side (instances) run each occurrence once, on
 * whichever host takes the timer's lease (see timer-lock.ts); the others skip it.
 */
export function createTimerRunner(
  functions: readonly FunctionDescriptor[],
  invoker: Invoker,
  now: () => Date = () => new Date(),
  lock?: TimerLock,
): TimerRunner {
  const timers = new Map<string, TimerState>();
  for (const fn of functions) {
    try {
      timers.set(fn.summary.name.toLowerCase(), { fn, schedule: parseSchedule(fn.summary.schedule ?? ''), last: undefined, timeout: undefined });
    } catch (error) {
      throw new Error(`The '${fn.summary.name}' function is in error: ${(error as Error).message}`);
    }
  }
  let stopped = false;

  function input(state: TimerState, isPastDue: boolean): RpcTypedData {
    const at = now();
    // PascalCase as the host serialises TimerInfo; the library camel-cases it for the handler.
    return {
      json: JSON.stringify({
        Schedule: { AdjustForDST: state.schedule.adjustForDST },
        ScheduleStatus: { Last: state.last?.toISOString() ?? NEVER, Next: state.schedule.next(at).toISOString(), LastUpdated: at.toISOString() },
        IsPastDue: isPastDue,
      }),
    };
  }

  async function run(state: TimerState, isPastDue: boolean): Promise<void> {
    try {
      await invoker.invoke(state.fn, {
        inputData: [{ name: state.fn.triggerName, data: input(state, isPastDue) }],
        reason: `Timer fired at ${now().toISOString()}`,
      });
    } catch {
      // Logged by the invoker; a timer is not retried before its next occurrence.
    }
  }

  function arm(state: TimerState, from: Date): void {
    if (stopped) return;
    const scheduled = state.schedule.next(from);
    const wait = (): void => {
      const remaining = scheduled.getTime() - now().getTime();
      if (remaining > 0) {
        state.timeout = setTimeout(wait, Math.min(remaining, MAX_TIMEOUT_MS));
      } else {
        void fire(state, scheduled);
      }
    };
    wait();
  }

  async function fire(state: TimerState, scheduled: Date): Promise<void> {
    if (stopped) return;
    const isPastDue = state.schedule.next(scheduled).getTime() <= now().getTime();
    if (lock) await lock.runOccurrence(state.fn.summary.name, scheduled, () => run(state, isPastDue));
    else await run(state, isPastDue);
    state.last = scheduled;
    arm(state, new Date(Math.max(now().getTime(), scheduled.getTime())));
  }

  return {
    start() {
      for (const state of timers.values()) {
        void (async () => {
          if (state.fn.trigger.runOnStartup === true) await run(state, false);
          arm(state, now());
        })();
      }
    },
    timerInput(name) {
      const state = timers.get(name.toLowerCase());
      if (!state) throw new Error(`'${name}' is not a timer function`);
      return input(state, false);
    },
    stop() {
      stopped = true;
      for (const state of timers.values()) clearTimeout(state.timeout);
    },
  };
}
