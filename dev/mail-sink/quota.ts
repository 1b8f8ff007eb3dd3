/**
 * Communication Services' sending quota, as the service enforces it: at most `perMinute` accepted
 * mails in any trailing 60 s and `perHour` in any trailing hour; one more is answered 429 with a
 * Retry-After saying when the oldest counted send leaves its window. A repeat of an operation id
 * the sink already accepted is not a new send and is not counted.
 */
export interface MailQuotaSettings {
  perMinute: number;
  perHour: number;
}

/** ACS's documented default for a custom domain. */
export const ACS_DEFAULT_QUOTA: MailQuotaSettings = { perMinute: 30, perHour: 100 };

export interface MailQuotaGate {
  /** Undefined when a send may go now (and counts it), else the seconds until one may. */
  admit(nowMs: number): number | undefined;
}

export function createMailQuotaGate(quota: MailQuotaSettings): MailQuotaGate {
  const sends: number[] = [];
  return {
    admit(nowMs) {
      while (sends.length > 0 && sends[0]! <= nowMs - 3_600_000) sends.shift();
      const inMinute = sends.filter((t) => t > nowMs - 60_000);
      let waitMs = 0;
      if (inMinute.length >= quota.perMinute) waitMs = Math.max(waitMs, inMinute[inMinute.length - quota.perMinute]! + 60_000 - nowMs);
      if (sends.length >= quota.perHour) waitMs = Math.max(waitMs, sends[sends.length - quota.perHour]! + 3_600_000 - nowMs);
      if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
      sends.push(nowMs);
      return undefined;
    },
  };
}

/** Parses `--mail-quota`: `default` (30/min, 100/h) or `<perMinute>/<perHour>`. Throws a TypeError naming the problem. */
export function parseMailQuotaFlag(flag: string): MailQuotaSettings {
  if (flag.trim() === 'default') return ACS_DEFAULT_QUOTA;
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,12})\s*$/.exec(flag);
  const perMinute = Number(match?.[1]);
  const perHour = Number(match?.[2]);
  if (!match || perMinute < 1 || perHour < perMinute) throw new TypeError(`mail quota "${flag}": expected default or <perMinute>/<perHour> with perHour >= perMinute >= 1`);
  return { perMinute, perHour };
}
