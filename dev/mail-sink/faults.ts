import { z } from 'zod';
import type { FaultSettings } from './types';

/** `POST /dev/mail-sink/faults` body and the factory option, validated the same way. */
export const faultSettingsSchema = z
  .object({
    mode: z.enum(['none', '429', '500', 'delay', 'drop', 'fail']),
    fraction: z.number().min(0).max(1),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
  })
  .strict();

export const NO_FAULTS: FaultSettings = { mode: 'none', fraction: 0 };

/**
 * Parses the command-line form `<mode>[:<fraction>[:<n>]]`, e.g. `429:0.3`, `429:1:5` (Retry-After 5 s),
 * `delay:0.5:2000` (2 s), `drop:0.1`, `fail`, `none`. The fraction defaults to 1; `n` is
 * retryAfterSeconds for '429' and delayMs for 'delay'. Throws a TypeError naming the problem.
 */
export function parseMailFaultsFlag(flag: string): FaultSettings {
  const [mode = '', fraction, extra, ...rest] = flag.trim().split(':');
  if (rest.length > 0) throw new TypeError(`mail faults "${flag}": expected <mode>[:<fraction>[:<n>]]`);
  if (extra !== undefined && mode !== '429' && mode !== 'delay') {
    throw new TypeError(`mail faults "${flag}": only 429 and delay take a third part`);
  }
  const candidate: Record<string, unknown> = {
    mode,
    fraction: mode === 'none' ? 0 : fraction === undefined ? 1 : numberOrNaN(fraction),
  };
  if (extra !== undefined) candidate[mode === '429' ? 'retryAfterSeconds' : 'delayMs'] = numberOrNaN(extra);
  const parsed = faultSettingsSchema.safeParse(candidate);
  if (!parsed.success) throw new TypeError(`mail faults "${flag}": ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The fault to apply to one send request, or undefined to handle it normally. */
export function pickFault(settings: FaultSettings, random: () => number): FaultSettings | undefined {
  if (settings.mode === 'none' || settings.fraction <= 0) return undefined;
  return random() < settings.fraction ? settings : undefined;
}

function numberOrNaN(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
