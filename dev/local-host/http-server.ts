import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops accepting, waits up to `timeoutMs` for open requests, then drops the connections. */
  close(timeoutMs: number): Promise<void>;
}

const REASON = 'This function was programmatically called via the host APIs.';

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
export function startHttpServer(options: HttpServerOptions, port: number, hostname: string): Promise<RunningServer> {
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
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${hostname}:${port}`}`);
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

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return emptyResponse(res, 413);
      log(`Request ${req.method} ${req.url} failed in the local host: ${(error as Error).stack ?? String(error)}`);
      emptyResponse(res, 500);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${host}:${address.port}`,
        server,
        close(timeoutMs) {
          return new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          });
        },
      });
    });
  });
}
