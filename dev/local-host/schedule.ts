import { Cron } from 'croner';
import { parseTimeSpan } from './host-json';

/** A timer trigger's schedule. */
export interface Schedule {
  kind: 'cron' | 'timespan';
  expression: string;
  /** What the host reports in `timer.schedule.adjustForDST`: true for cron, false for a TimeSpan. */
  adjustForDST: boolean;
  /** The first occurrence strictly after `after`. */
  next(after: Date): Date;
}

const NAMES_BY_FIELD: Record<number, readonly string[]> = {
  4: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  5: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};

/**
 * NCRONTAB allows digits, `*`, `,`, `-`, `/` and, in the month and day-of-week fields, English
 * three-letter names. Croner would also take Quartz extras (`L`, `W`, `#`, `?`) the host rejects.
 */
function isNcrontabField(field: string, index: number): boolean {
  if (!/^[0-9A-Za-z*,/-]+$/.test(field)) return false;
  const words = field.match(/[A-Za-z]+/g) ?? [];
  const names = NAMES_BY_FIELD[index] ?? [];
  return words.every((w) => names.includes(w.toUpperCase()));
}

function cronSchedule(expression: string): Schedule {
  const fields = expression.trim().split(/\s+/);
  if (!fields.every(isNcrontabField)) throw new Error('unsupported character');
  // NCRONTAB fields: {second} {minute} {hour} {day} {month} {day-of-week}, in UTC; day of month
  // and day of week must both match (Vixie cron would accept either).
  const cron = new Cron(fields.join(' '), { mode: '6-part', timezone: 'UTC', domAndDow: true, paused: true });
  return {
    kind: 'cron',
    expression,
    adjustForDST: true,
    next(after) {
      const next = cron.nextRun(after);
      if (!next) throw new Error(`The schedule '${expression}' has no occurrence after ${after.toISOString()}`);
      return next;
    },
  };
}

/**
 * A TimeSpan schedule runs every interval. As documented for the timer trigger, `hh:mm:ss` is read
 * as hours while the first number is under 24 and as `dd:hh:mm` from 24 on.
 */
function timeSpanSchedule(expression: string): Schedule {
  const parts = /^\s*(\d+):(\d+):(\d+)\s*$/.exec(expression);
  const intervalMs =
    parts && Number(parts[1]) >= 24
      ? parseTimeSpan(`${parts[1]}.${parts[2]}:${parts[3]}:00`, 'schedule')
      : parseTimeSpan(expression, 'schedule');
  if (!(intervalMs > 0)) throw new Error('a TimeSpan schedule must be positive');
  return { kind: 'timespan', expression, adjustForDST: false, next: (after) => new Date(after.getTime() + intervalMs) };
}

/**
 * Parses a timer schedule: a six-field NCRONTAB expression or a TimeSpan. Anything else fails with
 * the host's message.
 */
export function parseSchedule(expression: string): Schedule {
  try {
    return expression.trim().split(/\s+/).length === 6 ? cronSchedule(expression) : timeSpanSchedule(expression);
  } catch {
    throw new Error(`The schedule expression '${expression}' was not recognized as a valid cron expression or timespan string.`);
  }
}
