import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 4122 version 5 layout over SHA-1) of `parts`: things that must be unique
 * (a resource in a catalog, a role in a package, a sponsor) get the id of what makes them unique,
 * so a second insert collides in storage instead of needing a check that can race.
 */
export function nameBasedId(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.map((p) => p.toLowerCase()).join('\u0000')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
