import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Secrets that travel in links (redemption tickets, approval links, one-time codes): 256-bit
 * random values made by the caller's random source, shown once, stored only as SHA-256 hashes and
 * compared in constant time. Hashing is deterministic, so it lives in the domain; randomness is a
 * parameter.
 */
export const SECRET_BYTES = 32;

/** A new secret as URL-safe base64 (43 characters for 256 bits). */
export function newSecret(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(SECRET_BYTES);
  if (bytes.length !== SECRET_BYTES) throw new TypeError('randomBytes returned the wrong size');
  return Buffer.from(bytes).toString('base64url');
}

/** True for strings shaped like `newSecret`'s output (cheap pre-check before any lookup). */
export function isWellFormedSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The stored form of a secret: hex SHA-256. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time check of a presented secret against a stored hash. */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
