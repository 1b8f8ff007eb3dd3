import { addDuration, parseDuration } from '../duration';
import type { Expiration } from '../policy';

/**
 * When access granted at `start` under `expiration` ends; null for `noExpiration`. An unreadable
 * duration counts as no end: policies are validated on write, so it cannot occur in stored data.
 */
export function endOf(start: Date, expiration: Expiration): Date | null {
  if (expiration.type === 'afterDateTime') return expiration.endDateTime === null ? null : new Date(expiration.endDateTime);
  if (expiration.type === 'afterDuration') {
    const duration = expiration.duration === null ? undefined : parseDuration(expiration.duration);
    return duration ? addDuration(start, duration) : null;
  }
  return null;
}

/** True when `custom` would end later than the policy allows from the same start (never ending counts as latest). */
export function outlastsPolicy(start: Date, custom: Expiration, policy: Expiration): boolean {
  const limit = endOf(start, policy);
  if (limit === null) return false;
  const end = endOf(start, custom);
  return end === null || end.getTime() > limit.getTime();
}
