import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createManagedIdentityCredential, ManagedIdentityError } from '../../src/storage/managed-identity-credential';

const CLIENT_ID = '00000000-0000-4000-8000-0000000000aa';
const SECRET = 'identity-header-secret';
const NOW = Date.parse('2026-12-01T10:00:00Z');

interface Seen {
  url: URL;
  headers: IncomingMessage['headers'];
}

/** A stand-in for the platform's local token endpoint: answers with what `answer` returns. */
async function tokenEndpoint(answer: (seen: Seen, n: number) => { status: number; body?: unknown }): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const entry = { url: new URL(req.url ?? '/', 'http://x'), headers: req.headers };
    seen.push(entry);
    const { status, body } = answer(entry, seen.length);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`, seen, server };
}
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const noSleep = async () => undefined;
const expiresOn = (ms: number) => String(Math.floor(ms / 1000));

describe('the managed identity credential', () => {
  it('when IDENTITY_ENDPOINT is set, then it asks that endpoint for the resource with the client id and the secret header, and returns its token and expiry', async () => {
    const endpoint = await tokenEndpoint(() => ({ status: 200, body: { access_token: 'tok-1', expires_on: expiresOn(NOW + 3_600_000), token_type: 'Bearer' } }));
    const credential = createManagedIdentityCredential({ clientId: CLIENT_ID, env: { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: SECRET }, now: () => NOW, sleep: noSleep });

    const token = await credential.getToken('https://storage.azure.com/.default');

    expect(token).toEqual({ token: 'tok-1', expiresOnTimestamp: Math.floor((NOW + 3_600_000) / 1000) * 1000 });
    const [request] = endpoint.seen;
    expect(request!.url.searchParams.get('resource')).toBe('https://storage.azure.com');
    expect(request!.url.searchParams.get('api-version')).toBe('2019-08-01');
    expect(request!.url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(request!.headers['x-identity-header']).toBe(SECRET);
  });

  it('when a token is cached and not near its expiry, then no second request is made; when it is within five minutes of expiry, then a new one is fetched', async () => {
    let issued = 0;
    const endpoint = await tokenEndpoint(() => ({ status: 200, body: { access_token: `tok-${++issued}`, expires_on: expiresOn(NOW + 3_600_000) } }));
    let now = NOW;
    const credential = createManagedIdentityCredential({ clientId: CLIENT_ID, env: { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: SECRET }, now: () => now, sleep: noSleep });

    const [a, b] = await Promise.all([credential.getToken('https://storage.azure.com/.default'), credential.getToken(['https://storage.azure.com/.default'])]);
    now = NOW + 30 * 60_000;
    const c = await credential.getToken('https://storage.azure.com/.default');
    now = NOW + 56 * 60_000;
    const d = await credential.getToken('https://storage.azure.com/.default');

    expect([a?.token, b?.token, c?.token, d?.token]).toEqual(['tok-1', 'tok-1', 'tok-1', 'tok-2']);
    expect(endpoint.seen).toHaveLength(2);
  });

  it('when the endpoint throttles or fails for a while, then it retries; when it refuses the identity (400), then it fails at once naming the status', async () => {
    const flaky = await tokenEndpoint((_seen, n) => (n < 3 ? { status: n === 1 ? 429 : 503 } : { status: 200, body: { access_token: 'tok', expires_in: 3600 } }));
    const retrying = createManagedIdentityCredential({ clientId: CLIENT_ID, env: { IDENTITY_ENDPOINT: flaky.url, IDENTITY_HEADER: SECRET }, now: () => NOW, sleep: noSleep });
    expect(await retrying.getToken('https://communication.azure.com/.default')).toEqual({ token: 'tok', expiresOnTimestamp: NOW + 3_600_000 });
    expect(flaky.seen).toHaveLength(3);

    const refusing = await tokenEndpoint(() => ({ status: 400, body: { error: 'invalid_request' } }));
    const failing = createManagedIdentityCredential({ clientId: CLIENT_ID, env: { IDENTITY_ENDPOINT: refusing.url, IDENTITY_HEADER: SECRET }, now: () => NOW, sleep: noSleep });
    const error = await failing.getToken('https://storage.azure.com/.default').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManagedIdentityError);
    expect((error as Error).message).toMatch(/answered 400/);
    expect(refusing.seen).toHaveLength(1);
  });

  it('when the answer has no access_token, then it fails instead of returning an empty token', async () => {
    const endpoint = await tokenEndpoint(() => ({ status: 200, body: { expires_on: expiresOn(NOW + 3_600_000) } }));
    const credential = createManagedIdentityCredential({ clientId: CLIENT_ID, env: { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: SECRET }, now: () => NOW, sleep: noSleep });
    await expect(credential.getToken('https://storage.azure.com/.default')).rejects.toThrow(/without an access_token/);
  });

  it('when no IDENTITY_ENDPOINT is set, then it asks the instance metadata service with Metadata: true', async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, headers: init.headers as Record<string, string> });
      return new Response(JSON.stringify({ access_token: 'imds', expires_on: expiresOn(NOW + 60 * 60_000) }), { status: 200 });
    }) as unknown as typeof fetch;
    const credential = createManagedIdentityCredential({ clientId: CLIENT_ID, env: {}, fetch: fakeFetch, now: () => NOW, sleep: noSleep });
    expect((await credential.getToken('https://storage.azure.com/.default'))?.token).toBe('imds');
    const url = new URL(calls[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('http://169.254.169.254/metadata/identity/oauth2/token');
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(calls[0]!.headers).toEqual({ Metadata: 'true' });
  });
});
