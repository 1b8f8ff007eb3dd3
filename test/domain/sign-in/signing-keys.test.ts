import { describe, expect, it } from 'vitest';
import { KEY_LIFETIME_DAYS, planSigningKeys, type SigningKeyInfo } from '../../../src/domain/sign-in/signing-keys';

const DAY = 86_400_000;
const now = new Date('2026-12-01T00:00:00Z');
const key = (kid: string, activatesDaysFromNow: number): SigningKeyInfo => ({ kid, createdAt: new Date(now.getTime() - 40 * DAY), activatesAt: new Date(now.getTime() + activatesDaysFromNow * DAY) });

describe('planSigningKeys', () => {
  it('when a deployment has no key, then one is made to sign at once and a next one to take over after the lifetime', () => {
    const plan = planSigningKeys([], now);
    expect(plan.signing).toBeUndefined();
    expect(plan.create).toEqual([now, new Date(now.getTime() + KEY_LIFETIME_DAYS * DAY)]);
  });

  it('when a key signs and the next is published, then nothing is made and the signing key is published first', () => {
    const plan = planSigningKeys([key('next', 20), key('current', -10)], now);
    expect(plan.signing?.kid).toBe('current');
    expect(plan.published.map((k) => k.kid)).toEqual(['current', 'next']);
    expect(plan.create).toEqual([]);
  });

  it('when the next key has taken over, then a new next key is made and the old one stays published for a day, then is retired', () => {
    const justSwitched = planSigningKeys([key('old', -30.5), key('new', -0.5)], now);
    expect(justSwitched.signing?.kid).toBe('new');
    expect(justSwitched.published.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(justSwitched.create).toHaveLength(1);
    expect(justSwitched.create[0]!.getTime()).toBeGreaterThan(now.getTime());
    const later = planSigningKeys([key('old', -32), key('new', -2), key('next', 28)], now);
    expect(later.retire.map((k) => k.kid)).toEqual(['old']);
    expect(later.published.map((k) => k.kid)).toEqual(['new', 'next']);
  });

  it('when a next key would activate sooner than a day from now, then it is scheduled a day ahead so caches learn it first', () => {
    const plan = planSigningKeys([key('current', -KEY_LIFETIME_DAYS)], now);
    expect(plan.create[0]!.getTime()).toBe(now.getTime() + DAY);
  });
});
