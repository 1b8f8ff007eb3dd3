/**
 * ISO 8601 durations as Graph uses them (`P30D`, `PT12H`, `P1Y2M`, `P2W`). Months and years have no
 * fixed length, so durations are compared by adding them to the same instant.
 */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses a duration; undefined for anything else, for `P`/`PT` without a component and for a time part without components. */
export function parseDuration(text: string): Duration | undefined {
  const match = PATTERN.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number) => (match[i] === undefined ? 0 : Number(match[i]));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** `from` moved forward by `duration` (calendar arithmetic in UTC). */
export function addDuration(from: Date, d: Duration): Date {
  const out = new Date(from.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + d.years, out.getUTCMonth() + d.months, out.getUTCDate() + d.weeks * 7 + d.days);
  out.setTime(out.getTime() + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
  return out;
}

/** Negative when `a` is shorter than `b`, zero when equal, positive when longer (measured from `at`). */
export function compareDurations(a: Duration, b: Duration, at: Date): number {
  return addDuration(at, a).getTime() - addDuration(at, b).getTime();
}

/** True when the duration is longer than nothing. */
export function isPositive(d: Duration): boolean {
  return Object.values(d).some((v) => v > 0);
}
