import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { TestRuntime } from '../../support/runtime';

/**
 * The real Graph JS SDK (`@microsoft/microsoft-graph-client`) pointed at the local runtime.
 *
 * The SDK's own AuthenticationHandler attaches a token only to Graph's hosts and to `customHosts`,
 * and it recognises either only on `https://` URLs, so against `http://127.0.0.1:<port>` it would
 * send no token. The client is therefore built with a middleware chain of our own: a bearer-token
 * middleware that always sets `Authorization`, then the SDK's HTTPMessageHandler (its fetch).
 */
class BearerToken implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly token: string) {}
  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const headers = options.headers;
    if (headers instanceof Headers) headers.set('Authorization', `Bearer ${this.token}`);
    else options.headers = { ...(headers as Record<string, string> | undefined), Authorization: `Bearer ${this.token}` };
    await this.next?.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** A Graph client for the runtime's `/api/v1.0`, acting with `token`. */
export function graphClient(rt: TestRuntime, token: string): Client {
  const auth = new BearerToken(token);
  auth.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({ baseUrl: `${rt.url}/api`, defaultVersion: 'v1.0', middleware: auth });
}

/** What the SDK makes of a Graph error body: its `GraphError` keeps `error` (code, message, innerError, details) as JSON in `body`. */
export interface SdkFailure {
  statusCode: number;
  code: string | null;
  error: { code?: string; message?: string; innerError?: Record<string, unknown>; details?: { target: string }[] };
}

/** The SDK's error for a call expected to fail. */
export async function graphFailure(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as { statusCode: number; code: string | null; body: unknown };
    const parsed = typeof e.body === 'string' && e.body.startsWith('{') ? (JSON.parse(e.body) as SdkFailure['error']) : {};
    return { statusCode: e.statusCode, code: e.code, error: parsed };
  }
  throw new Error('the call succeeded, a failure was expected');
}

export const EM = '/identityGovernance/entitlementManagement';
