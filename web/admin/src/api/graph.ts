import { Client, HTTPMessageHandler, ResponseType, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';

/**
 * The console's only way to the server: the real Microsoft Graph JavaScript client pointed at
 * Gatehouse's Graph-shaped API. Its built-in AuthenticationHandler attaches tokens only to
 * https Graph hosts or `customHosts` over https, and a local Gatehouse runs on plain-http
 * loopback, so the chain here is the SDK's own RetryHandler and HTTPMessageHandler behind one small
 * middleware that adds the signed-in administrator's token to requests for this origin only.
 */
class BearerForOwnOrigin implements Middleware {
  private nextMiddleware: Middleware | undefined;
  constructor(
    private readonly origin: string,
    private readonly token: () => string | undefined,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const token = this.token();
    if (token && new URL(url, this.origin).origin === this.origin) {
      context.options ??= {};
      const headers = new Headers(context.options.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer ${token}`);
      context.options.headers = Object.fromEntries(headers.entries());
    }
    await this.nextMiddleware!.execute(context);
  }

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

export type Api = Client;

/** A Graph client for `<origin>/api/v1.0`. */
export function createApi(token: () => string | undefined, origin = location.origin): Api {
  const auth = new BearerForOwnOrigin(origin, token);
  const retry = new RetryHandler(new RetryHandlerOptions(1, 2));
  auth.setNext(retry);
  retry.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({ middleware: auth, baseUrl: `${origin}/api`, defaultVersion: 'v1.0' });
}

/** A Graph list page. */
export type Page<T> = { value: T[]; '@odata.nextLink'?: string };

/** The part of an `@odata.nextLink` after `/api/v1.0`, which the client takes as a path. */
export const nextPath = (nextLink: string): string => {
  const url = new URL(nextLink);
  return url.pathname.replace(/^\/api\/v1\.0/, '') + url.search;
};

/** What the console shows of a failed call: status, Graph error code and message. */
export type ApiError = { status: number; code: string; message: string };

export function apiError(error: unknown): ApiError {
  const e = error as { statusCode?: number; code?: string; message?: string; body?: unknown };
  let code = e.code ?? 'Error';
  let message = e.message ?? String(error);
  if (typeof e.body === 'string') {
    try {
      type Inner = { code?: string; message?: string; details?: { target?: string; message?: string }[] };
      const outer = JSON.parse(e.body) as Inner & { error?: Inner };
      const parsed = outer.error ?? outer;
      code = parsed.code ?? code;
      message = parsed.message ?? message;
      const details = parsed.details?.map((d) => `${d.target ?? ''}: ${d.message ?? ''}`).join('; ');
      if (details) message = `${message} (${details})`;
    } catch {
      // Not JSON: keep the client's message.
    }
  }
  return { status: e.statusCode ?? 0, code, message };
}

/** A lost concurrent update, which the console explains with a reload button. */
export const isConflict = (e: ApiError): boolean => e.status === 409 || e.status === 412;

/**
 * Reads an entity with the ETag the API answered in the `ETag` header (Gatehouse's settings
 * documents), so a save can send `If-Match` and a change made meanwhile comes back as 412.
 */
export async function getWithEtag<T>(api: Api, path: string): Promise<{ value: T; etag: string | undefined }> {
  const response = (await api.api(path).responseType(ResponseType.RAW).get()) as Response;
  if (!response.ok) {
    // The SDK raises on failures only for parsed responses: rebuild its error shape for apiError.
    throw Object.assign(new Error(response.statusText), { statusCode: response.status, body: await response.text() });
  }
  return { value: (await response.json()) as T, etag: response.headers.get('etag') ?? undefined };
}

/** `If-Match` with the ETag read, when there is one (without it the API accepts the change as before). */
export const ifMatch = (etag: string | undefined): Record<string, string> => (etag ? { 'If-Match': etag } : {});
