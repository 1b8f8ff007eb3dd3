import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import type { FunctionDescriptor } from './functions';
import { toRpcHttpRequest, writeRpcHttpResponse } from './http-bridge';
import type { Invoker } from './invoke';
import { BodyTooLargeError, readBody } from './read-body';
import type { RouteTable } from './route-table';
import type { RpcInvocationResponse, RpcTypedData } from './rpc-types';

/** Handles a request outside the function routes; resolves true when it answered. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HttpServerOptions {
  routePrefix: string;
  routeTable: RouteTable;
  /** HTTP functions by lower-case name. */
  functions: ReadonlyMap<string, FunctionDescriptor>;
  invoker: Invoker;
  admin: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
  extraRoutes?: ExtraRoutes;
  log: (line: string) => void;
}

/** A second listener that serves the same routes over HTTPS (the local host's `https` option). */
export interface TlsListener {
  /** 0 picks a free port. */
  port: number;
  /** The server certificate and its key (PEM). */
  cert: string;
  key: string;
}

export interface RunningServer {
  url: string;
  /** The HTTPS listener's base URL, when there is one. */
  httpsUrl?: string;
  server: Server;
  /** Stops accepting, waits up to `timeoutMs` for open requests, then drops the connections. */
  close(timeoutMs: number): Promise<void>;
}

const REASON = 'This function was programmatically called via the host APIs.';

/** Kestrel's default limit on the request line plus headers (MaxRequestHeadersTotalSize), 32 KiB. */
export const MAX_HEADER_BYTES = 32 * 1024;

/**
 * What the server says to a request it cannot parse (before any function runs): oversized headers
 * get 431 and anything else 400, each with a Graph-style error body and a request id, instead of
 * a bare status line. In Azure the host's Kestrel answers these itself (see the README).
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, reason, code, message] = tooLarge
    ? [431, 'Request Header Fields Too Large', 'RequestHeaderFieldsTooLarge', `The request headers are larger than the limit of ${MAX_HEADER_BYTES} bytes.`]
    : [400, 'Bad Request', 'BadRequest', 'The request is not valid HTTP.'];
  const requestId = randomUUID();
  const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = JSON.stringify({ error: { code, message, innerError: { 'request-id': requestId, date } } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Kestrel decodes the path except `%2F`, which stays escaped so it cannot split a segment. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/%2F/gi, '%252F'));
  } catch {
    return segment;
  }
}

/** The decoded path segments under the route prefix, or null for a path outside it. */
function segmentsUnderPrefix(pathname: string, prefix: string): string[] | null {
  const trimmed = pathname.replace(/^\/+/, '').replace(/\/$/, '');
  const parts = trimmed === '' ? [] : trimmed.split('/');
  if (prefix !== '') {
    const prefixParts = prefix.split('/');
    if (prefixParts.some((p, i) => parts[i]?.toLowerCase() !== p.toLowerCase())) return null;
    parts.splice(0, prefixParts.length);
  }
  return parts.map(decodeSegment);
}

/** The function's HTTP output: the `$return` binding's value or a named http output binding. */
function httpOutput(fn: FunctionDescriptor, response: RpcInvocationResponse): RpcTypedData | null | undefined {
  const entry = Object.entries(fn.registered.metadata.bindings).find(([, b]) => b.direction === 'out' && b.type === 'http');
  if (!entry) return undefined;
  if (entry[0] === '$return') return response.returnValue;
  return response.outputData?.find((o) => o.name === entry[0])?.data;
}

function emptyResponse(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

/**
 * Serves HTTP functions at `/<routePrefix>/<route>`, the admin API under `/admin`, then
 * `extraRoutes` for paths outside the prefix; everything else is an empty 404, as in the host
 * (which also answers 404, not 405, when only the method differs). Function keys are not checked,
 * as Core Tools does not check them. A failing handler yields an empty 500; details go to the log.
 */
export async function startHttpServer(options: HttpServerOptions, port: number, hostname: string, tls?: TlsListener): Promise<RunningServer> {
  const { routePrefix, routeTable, functions, invoker, log } = options;

  async function invokeFunction(req: IncomingMessage, res: ServerResponse, url: URL, fn: FunctionDescriptor, params: Record<string, string>) {
    const body = await readBody(req);
    const data = toRpcHttpRequest(req, url, params, body);
    let response: RpcInvocationResponse;
    try {
      response = await invoker.invoke(fn, { inputData: [{ name: fn.triggerName, data }], reason: REASON });
    } catch {
      emptyResponse(res, 500);
      return;
    }
    writeRpcHttpResponse(req, res, httpOutput(fn, response));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const scheme = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
    const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? `${hostname}:${port}`}`);
    if (/^\/admin(\/|$)/i.test(url.pathname) && (await options.admin(req, res, url.pathname))) return;
    const segments = segmentsUnderPrefix(url.pathname, routePrefix);
    if (segments) {
      const match = routeTable.match(req.method ?? 'GET', segments);
      const fn = match && functions.get(match.name.toLowerCase());
      if (match && fn) return invokeFunction(req, res, url, fn, match.params);
    }
    if ((segments === null || routePrefix === '') && options.extraRoutes && (await options.extraRoutes(req, res))) return;
    emptyResponse(res, 404);
  }

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return emptyResponse(res, 413);
      log(`Request ${req.method} ${req.url} failed in the local host: ${(error as Error).stack ?? String(error)}`);
      emptyResponse(res, 500);
    });
  };

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, listener);
  server.on('clientError', answerClientError);
  const url = `http://${await listen(server, port, hostname)}`;
  if (!tls) return { url, server, close: (timeoutMs) => closeServer(server, timeoutMs) };

  const secure = createHttpsServer({ maxHeaderSize: MAX_HEADER_BYTES, cert: tls.cert, key: tls.key }, listener);
  secure.on('clientError', answerClientError);
  let httpsUrl: string;
  try {
    httpsUrl = `https://${await listen(secure, tls.port, hostname)}`;
  } catch (error) {
    await closeServer(server, 0);
    throw error;
  }
  return {
    url,
    httpsUrl,
    server,
    close: async (timeoutMs) => {
      await Promise.all([closeServer(server, timeoutMs), closeServer(secure, timeoutMs)]);
    },
  };
}

/** Listens and resolves with `host:port` as a URL names them. */
function listen(server: Server, port: number, hostname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`${host}:${address.port}`);
    });
  });
}

/** Stops accepting, waits up to `timeoutMs` for open requests, then drops the connections. */
function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise<void>((done) => {
    if (!server.listening) return done();
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(force);
      done();
    });
    server.closeIdleConnections();
  });
}
