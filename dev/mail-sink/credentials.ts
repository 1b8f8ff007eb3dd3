import { randomBytes } from 'node:crypto';

/** A fresh access key shaped like an ACS one (64 random bytes, base64: 88 characters). */
export function createAccessKey(): string {
  return randomBytes(64).toString('base64');
}

/**
 * `endpoint=<url>/;accesskey=<key>` as `EmailClient` parses it. The endpoint must be an origin:
 * `@azure/communication-common` rejects any path ("Invalid endpoint url"), which is why the sink
 * serves the ACS routes at the root of its own port.
 */
export function buildConnectionString(endpoint: string, accessKey: string): string {
  const url = new URL(endpoint);
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new TypeError(`ACS endpoint must be an origin without path or query, got ${endpoint}`);
  }
  return `endpoint=${url.origin}/;accesskey=${accessKey}`;
}
