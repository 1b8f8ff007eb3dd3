import type { Cookie, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Runs a Node `(req, res)` handler (the OpenID provider is a Koa application) for one Functions
 * request, in process, without a socket: `light-my-request` builds the Node request and collects
 * the response. The handler sees the public origin (PUBLIC_BASE_URL) as forwarded headers, never
 * the host the platform used internally.
 */
export type NodeHandler = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => void | Promise<void>;

export interface BridgedRequest {
  request: HttpRequest;
  /** The path the handler routes on (`/oauth2/v2.0/token`). */
  innerPath: string;
  /** The path the browser used, with the same tail (for the handler's mount path). */
  outerPath: string;
  publicBaseUrl: string;
  body?: Buffer | undefined;
  /** Header changes (for example a client secret replaced by the bridge); undefined deletes. */
  headers?: Record<string, string | undefined>;
}

const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie']);

export async function runNodeHandler(handler: NodeHandler, input: BridgedRequest): Promise<HttpResponseInit> {
  const { inject } = await import('light-my-request');
  const base = new URL(input.publicBaseUrl);
  const url = new URL(input.request.url);
  const headers: Record<string, string> = {};
  input.request.headers.forEach((value, key) => (headers[key] = value));
  headers['host'] = base.host;
  headers['x-forwarded-host'] = base.host;
  headers['x-forwarded-proto'] = base.protocol.replace(':', '');
  for (const [key, value] of Object.entries(input.headers ?? {})) {
    if (value === undefined) delete headers[key];
    else headers[key] = value;
  }
  const body = input.body ?? (input.request.method === 'GET' || input.request.method === 'HEAD' ? undefined : Buffer.from(await input.request.arrayBuffer()));
  if (body) headers['content-length'] = String(body.length);
  const forwardedFor = input.request.headers.get('x-forwarded-for')?.split(',').pop()?.trim();
  const response = await inject(
    (req, res) => {
      Object.assign(req, { originalUrl: `${input.outerPath}${url.search}` });
      void handler(req, res);
    },
    {
      method: input.request.method as 'GET',
      url: `${input.innerPath}${url.search}`,
      headers,
      ...(body ? { payload: body } : {}),
      remoteAddress: forwardedFor || '127.0.0.1',
    },
  );
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) {
    if (value === undefined || HOP_HEADERS.has(key)) continue;
    out[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const setCookies = response.headers['set-cookie'];
  const cookies = (Array.isArray(setCookies) ? setCookies : setCookies ? [String(setCookies)] : []).map(parseSetCookie);
  return { status: response.statusCode, headers: out, body: response.rawPayload, ...(cookies.length ? { cookies } : {}) };
}

/** A `Set-Cookie` line as the Functions cookie the platform writes back. */
export function parseSetCookie(line: string): Cookie {
  const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const cookie: Cookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.toLowerCase();
    const value = rest.join('=');
    if (key === 'path') cookie.path = value;
    else if (key === 'domain') cookie.domain = value;
    else if (key === 'expires') cookie.expires = new Date(value);
    else if (key === 'max-age') cookie.maxAge = Number(value);
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'samesite') cookie.sameSite = ({ lax: 'Lax', strict: 'Strict', none: 'None' } as const)[value.toLowerCase() as 'lax'] ?? 'Lax';
  }
  return cookie;
}
