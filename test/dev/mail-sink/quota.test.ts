import { describe, expect, it } from 'vitest';
import { ACS_DEFAULT_QUOTA, createMailQuotaGate, parseMailQuotaFlag } from '../../../dev/mail-sink/quota';

const T0 = Date.parse('2030-05-01T09:00:00Z');

describe('the mail sink\'s sending quota', () => {
  it('when 30 mails arrive in a burst at the default quota, then all are accepted and the 31st is told to wait for the minute', () => {
    const gate = createMailQuotaGate(ACS_DEFAULT_QUOTA);
    for (let i = 0; i < 30; i++) expect(gate.admit(T0 + i * 100)).toBeUndefined();
    expect(gate.admit(T0 + 3_000)).toBe(57);
    expect(gate.admit(T0 + 60_000)).toBeUndefined();
  });

  it('when the hour holds 100 sends, then the next is told to wait until the oldest is an hour old', () => {
    const gate = createMailQuotaGate(ACS_DEFAULT_QUOTA);
    for (let i = 0; i < 100; i++) expect(gate.admit(T0 + i * 9_000)).toBeUndefined();
    const at = T0 + 20 * 60_000;
    expect(gate.admit(at)).toBe(40 * 60);
    expect(gate.admit(T0 + 3_600_000)).toBeUndefined();
  });

  it('when the flag is read, then default and <perMinute>/<perHour> are understood and anything else is refused', () => {
    expect(parseMailQuotaFlag('default')).toEqual({ perMinute: 30, perHour: 100 });
    expect(parseMailQuotaFlag('600/36000')).toEqual({ perMinute: 600, perHour: 36_000 });
    expect(() => parseMailQuotaFlag('100/30')).toThrow(TypeError);
    expect(() => parseMailQuotaFlag('fast')).toThrow(/mail quota "fast"/);
  });
});
