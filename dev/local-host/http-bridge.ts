import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpData, RpcNullableString, RpcTypedData } from './rpc-types';
import { formatSetCookie } from './set-cookie';

const NO_BODY_STATUSES = new Set([204, 304]);
/** Framing is this server's job, never the handler's. */
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function nullable(values: Iterable<[string, string]>): Record<string, RpcNullableString> {
  const out: Record<string, RpcNullableString> = {};
  for (const [key, value] of values) out[key] = { value };
  return out;
}

/** Repeated query keys are joined with ',' (ASP.NET `StringValues.ToString()`), as the host sends them. */
function queryPairs(search: URLSearchParams): [string, string][] {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of search) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  return [...grouped].map(([key, values]) => [key, values.join(',')]);
}

function headerPairs(req: IncomingMessage): [string, string][] {
  return Object.entries(req.headers).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join(',') : (value ?? '')]);
}

/**
 * Builds the RPC HTTP input the host sends to a Node worker that advertises nullable dictionaries
 * and raw body bytes: lower-case headers, query, route values (missing optional ones omitted) and
 * the body as bytes when there is one.
 */
export function toRpcHttpRequest(req: IncomingMessage, url: URL, params: Record<string, string>, body: Buffer): RpcTypedData {
  const http: RpcHttpData = {
    method: (req.method ?? 'GET').toUpperCase(),
    url: url.href,
    nullableHeaders: nullable(headerPairs(req)),
    nullableQuery: nullable(queryPairs(url.searchParams)),
    nullableParams: nullable(Object.entries(params)),
  };
  if (body.length > 0) http.body = { bytes: body };
  return { http };
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer {
  if (body?.bytes) return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  if (typeof body?.string === 'string') return Buffer.from(body.string, 'utf8');
  if (typeof body?.json === 'string') return Buffer.from(body.json, 'utf8');
  return Buffer.alloc(0);
}

/**
 * Writes the handler's HTTP output. No output at all is the host's default response for an HTTP
 * function, 204 No Content. Cookies become Set-Cookie lines next to any Set-Cookie header.
 */
export function writeRpcHttpResponse(req: IncomingMessage, res: ServerResponse, output: RpcTypedData | null | undefined): void {
  const http = output?.http;
  if (!http) {
    res.statusCode = 204;
    res.end();
    return;
  }
  const status = Number.parseInt(http.statusCode ?? '', 10);
  res.statusCode = Number.isInteger(status) ? status : 200;
  for (const [key, value] of Object.entries(http.headers ?? {})) {
    if (!HOP_BY_HOP.has(key.toLowerCase())) res.setHeader(key, value);
  }
  const cookies = (http.cookies ?? []).map(formatSetCookie);
  if (cookies.length > 0) {
    const existing = res.getHeader('set-cookie');
    const before = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    res.setHeader('set-cookie', [...before, ...cookies]);
  }
  if (NO_BODY_STATUSES.has(res.statusCode)) {
    res.end();
    return;
  }
  const body = bodyBytes(http.body);
  res.setHeader('content-length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
