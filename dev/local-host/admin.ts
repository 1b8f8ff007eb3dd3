import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalFunction } from './functions';
import { ManualInvokeError } from './manual-invoke';
import { readBody } from './read-body';

/** Admin bodies are small JSON documents. */
const MAX_ADMIN_BODY_BYTES = 1024 * 1024;

export interface AdminDependencies {
  functions: readonly LocalFunction[];
  invoke(name: string, input?: unknown): Promise<void>;
  /** Checks a function can be invoked by name, throwing ManualInvokeError otherwise. */
  checkInvocable(name: string): void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readInput(req: IncomingMessage): Promise<{ input?: unknown } | undefined> {
  const text = (await readBody(req, MAX_ADMIN_BODY_BYTES)).toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { input?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The host's admin API, as Core Tools exposes it without keys: `GET /admin/host/status`,
 * `GET /admin/functions[/<name>]` (this host's function summaries) and
 * `POST /admin/functions/<name>` with `{"input": "..."}`, which answers 202 at once and runs the
 * invocation in the background. Returns false for paths it does not own.
 */
export function createAdminHandler(deps: AdminDependencies) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    const path = pathname.replace(/\/+$/, '').toLowerCase();
    const method = (req.method ?? 'GET').toUpperCase();
    if (path === '/admin/host/status' && method === 'GET') {
      sendJson(res, 200, { state: 'Running', version: '4.0.0-gatehouse-local' });
      return true;
    }
    if (path === '/admin/functions' && method === 'GET') {
      sendJson(res, 200, deps.functions);
      return true;
    }
    const m = /^\/admin\/functions\/([^/]+)$/.exec(pathname.replace(/\/+$/, ''));
    if (!m) return false;
    const name = decodeURIComponent(m[1]!);
    if (method === 'GET') {
      const fn = deps.functions.find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (fn) sendJson(res, 200, fn);
      else sendJson(res, 404, { error: `No function named '${name}'` });
      return true;
    }
    if (method !== 'POST') return false;
    try {
      deps.checkInvocable(name);
    } catch (error) {
      if (!(error instanceof ManualInvokeError)) throw error;
      sendJson(res, error.code === 'function-not-found' ? 404 : 400, { error: error.message });
      return true;
    }
    const body = await readInput(req);
    if (!body) {
      sendJson(res, 400, { error: 'The body must be a JSON object such as {"input": "..."}' });
      return true;
    }
    res.writeHead(202, { 'content-length': 0 });
    res.end();
    // Failures are logged by the invoker; the caller already has its 202, as with the host.
    deps.invoke(name, body.input).catch(() => undefined);
    return true;
  };
}
