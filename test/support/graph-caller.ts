import type { TestRuntime } from './runtime';

/** A parsed Graph-style response body: an entity, a collection (`value`) or an error. */
export type Json = Record<string, unknown> & { value?: Record<string, unknown>[]; error?: { code: string; message: string; details?: { target: string }[] } };

export type GraphCall = (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; body: Json }>;

/** Calls `/api/v1.0/<path>` on the runtime as `defaultToken` (or the token given per call), JSON in and out. */
export function graphCaller(rt: TestRuntime, defaultToken: string): GraphCall {
  return async (method, path, body, token = defaultToken) => {
    const res = await fetch(`${rt.url}/api/v1.0/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
}
