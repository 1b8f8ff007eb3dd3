import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, isWellFormedSecret, newSecret, secretMatches } from '../../src/domain/secrets';

describe('link secrets', () => {
  it('when a secret is made, then it carries 256 bits as 43 URL-safe characters and is stored only as its hash', () => {
    const secret = newSecret(randomBytes);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedSecret(secret)).toBe(true);
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret);
  });

  it('when a presented secret is checked, then only the exact secret matches its hash', () => {
    const secret = newSecret(randomBytes);
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, stored)).toBe(false);
    expect(secretMatches('', stored)).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
  });

  it('when the random source misbehaves, then making a secret is refused', () => {
    expect(() => newSecret(() => new Uint8Array(16))).toThrow(TypeError);
  });

  it('when a value is malformed, then the cheap shape check rejects it before any lookup', () => {
    expect(isWellFormedSecret('short')).toBe(false);
    expect(isWellFormedSecret(`${'a'.repeat(42)}=`)).toBe(false);
  });
});
