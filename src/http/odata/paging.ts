import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from './result';

/**
 * Where the next page starts: the storage continuation token (`@azure/data-tables` `byPage`)
 * or, for lists assembled in memory, an offset.
 */
export type SkipTokenState = { readonly continuation: string } | { readonly offset: number };

const VERSION = 1;
const MAX_TOKEN_LENGTH = 4096;
const MIN_KEY_BYTES = 32;

const payloadSchema = z.union([
  z.object({ v: z.literal(VERSION), q: z.string(), c: z.string().min(1) }).strict(),
  z.object({ v: z.literal(VERSION), q: z.string(), o: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
]);

// One message for every failure, so a probing client learns nothing about which check failed.
const INVALID = err({ code: 'invalidSkipToken' as const, message: 'The $skiptoken is invalid, expired or does not belong to this query.' });

function assertKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength < MIN_KEY_BYTES) {
    throw new TypeError(`skip token key must be a Uint8Array of at least ${MIN_KEY_BYTES} bytes`);
  }
}

function sign(payload: string, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/**
 * A short digest of the `$`-prefixed query options except `$skiptoken` (option names compared
 * case-insensitively, order ignored), so a token minted for one query is refused for another.
 */
export function queryOptionsHash(params: URLSearchParams): string {
  const options = [...params]
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => name.startsWith('$') && name !== '$skiptoken')
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(options)).digest().subarray(0, 16).toString('base64url');
}

/**
 * Mints an opaque `$skiptoken`: base64url JSON `{v, q: queryHash, c | o}`, a dot, and its
 * HMAC-SHA256 under `key` in base64url. It is authenticated, not encrypted: the continuation
 * token inside is readable but cannot be altered.
 *
 * @throws TypeError when `key` is shorter than 32 bytes.
 */
export function createSkipToken(state: SkipTokenState, key: Uint8Array, queryHash: string): string {
  assertKey(key);
  const body = 'continuation' in state ? { v: VERSION, q: queryHash, c: state.continuation } : { v: VERSION, q: queryHash, o: state.offset };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(payload, key).toString('base64url')}`;
}

/**
 * Verifies a `$skiptoken` and returns where the next page starts. Fails with `invalidSkipToken`
 * when the token is malformed, its HMAC does not verify under `key` (compared in constant time),
 * or it was minted for different query options (`queryHash` from `queryOptionsHash`).
 *
 * @throws TypeError when `key` is shorter than 32 bytes.
 */
export function readSkipToken(token: string, key: Uint8Array, queryHash: string): Result<SkipTokenState> {
  assertKey(key);
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  const [payload, mac] = parts;
  if (parts.length !== 2 || !payload || !mac || !/^[A-Za-z0-9_-]+$/.test(payload + mac)) return INVALID;
  const expected = sign(payload, key);
  const given = Buffer.from(mac, 'base64url');
  // Re-encoding refuses spellings that differ only in the unused low bits of the last character.
  if (given.toString('base64url') !== mac || given.length !== expected.length || !timingSafeEqual(given, expected)) return INVALID;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return INVALID;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.q !== queryHash) return INVALID;
  return ok('c' in parsed.data ? { continuation: parsed.data.c } : { offset: parsed.data.o });
}

function optionName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replaceAll('+', ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/**
 * Builds `@odata.nextLink`: `requestUrl` with `$skiptoken=<token>` replacing any earlier one and
 * every other query option kept exactly as the client encoded it, so the link can be followed as
 * is. Pass the public URL of the request (behind a proxy, not the internal one).
 *
 * @throws TypeError when `key` is shorter than 32 bytes or `requestUrl` is not an absolute URL.
 */
export function buildNextLink(requestUrl: string | URL, state: SkipTokenState, key: Uint8Array): string {
  const url = new URL(requestUrl);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && optionName(pair) !== '$skiptoken');
  const token = createSkipToken(state, key, queryOptionsHash(url.searchParams));
  url.search = `?${[...kept, `$skiptoken=${token}`].join('&')}`;
  return url.toString();
}
