import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Verifies the ACS access-key scheme as `@azure/communication-common` signs it
 * (`communicationAccessKeyCredentialPolicy`): headers `x-ms-date` (RFC 1123), `x-ms-content-sha256`
 * (base64 SHA-256 of the body) and `Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<sig>`,
 * where sig = base64 HMAC-SHA256(base64-decoded key, `VERB\npathAndQuery\n<signed header values joined by ;>`).
 * The client builds pathAndQuery as `url.pathname` + `?` + `url.searchParams.toString()`, so the
 * sink normalises the request target the same way.
 */

/** Why a request was refused; logged, never sent back (ACS answers a bare "Denied"). */
export type HmacFailure =
  | 'missing-authorization'
  | 'malformed-authorization'
  | 'unsigned-required-header'
  | 'missing-date'
  | 'date-out-of-window'
  | 'content-hash-mismatch'
  | 'signature-mismatch';

export interface HmacCheck {
  accessKey: string;
  now: Date;
  maxClockSkewSeconds: number;
}

const AUTHORIZATION = /^HMAC-SHA256 SignedHeaders=([^&\s]+)&Signature=(\S+)$/;

/** Base64 SHA-256 of the raw body bytes, as `x-ms-content-sha256` carries it. */
export function contentHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64');
}

/** Returns undefined when the request is signed with `accessKey` over exactly this body. */
export function verifyHmacRequest(req: IncomingMessage, body: Buffer, check: HmacCheck): HmacFailure | undefined {
  const authorization = header(req, 'authorization');
  if (!authorization) return 'missing-authorization';
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return 'malformed-authorization';
  const signedHeaders = (match[1] ?? '').toLowerCase().split(';');
  const signature = match[2] ?? '';

  const dateHeader = signedHeaders.includes('x-ms-date') ? 'x-ms-date' : signedHeaders.includes('date') ? 'date' : undefined;
  if (!dateHeader || !signedHeaders.includes('host') || !signedHeaders.includes('x-ms-content-sha256')) {
    return 'unsigned-required-header';
  }
  const date = Date.parse(header(req, dateHeader) ?? '');
  if (Number.isNaN(date)) return 'missing-date';
  if (Math.abs(check.now.getTime() - date) > check.maxClockSkewSeconds * 1000) return 'date-out-of-window';
  if (!sameText(header(req, 'x-ms-content-sha256') ?? '', contentHash(body))) return 'content-hash-mismatch';

  const values = signedHeaders.map((name) => header(req, name) ?? '');
  const stringToSign = `${(req.method ?? '').toUpperCase()}\n${pathAndQuery(req.url ?? '/')}\n${values.join(';')}`;
  const expected = createHmac('sha256', Buffer.from(check.accessKey, 'base64')).update(stringToSign).digest('base64');
  return sameText(signature, expected) ? undefined : 'signature-mismatch';
}

/** The request target as the client signed it. */
export function pathAndQuery(target: string): string {
  const url = new URL(target, 'http://sink.invalid');
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
