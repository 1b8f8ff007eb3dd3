import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Failure } from '../../src/domain/errors';
import type { Principal } from '../../src/domain/principal';
import { endpoint, json, type HttpDeps } from '../../src/http/endpoint';

const app: Principal = { kind: 'app', appId: 'a', permissions: new Set(['Directory.Read.All']) };

function deps(overrides: Partial<HttpDeps> = {}): () => HttpDeps {
  const d: HttpDeps = {
    maxBodyBytes: 64,
    now: () => new Date('2026-11-21T10:00:00.123Z'),
    authenticate: async () => app,
    authorize: async () => true,
    isPublic: () => false,
    ...overrides,
  };
  return () => d;
}

let counter = 0;
function register(handle: () => Promise<HttpResponseInit>, d = deps()) {
  // Each registration needs its own operation id in the OpenAPI registry; the access table is faked through deps.
  const operationId = `test${counter++}` as unknown as 'health';
  return endpoint(
    {
      operationId,
      method: 'POST',
      route: `test/${counter}`,
      summary: 'test',
      body: z.object({ displayName: z.string().min(1), count: z.number().int() }),
      responses: { 200: { description: 'ok' } },
      handle,
    },
    d,
  ).handler;
}

const request = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/test', body: { string: body }, headers });

async function call(handler: ReturnType<typeof register>, req: HttpRequest) {
  const res = (await handler(req, new InvocationContext({ functionName: 'test' }))) as HttpResponseInit & { jsonBody: { error: { code: string; message: string; details?: { target: string }[]; innerError: Record<string, string> } } };
  return res;
}

describe('the endpoint wrapper', () => {
  const ok = async () => json(200, { fine: true });

  it('when the body is larger than the limit, then it is 413 without reading it into the handler', async () => {
    const res = await call(register(ok), request(JSON.stringify({ displayName: 'x'.repeat(100), count: 1 })));
    expect(res.status).toBe(413);
    expect(res.jsonBody.error.code).toBe('RequestEntityTooLarge');
  });

  it('when the body is not JSON by content type, then it is 415', async () => {
    const res = await call(register(ok), request('{"displayName":"a","count":1}', { 'content-type': 'text/plain' }));
    expect(res.status).toBe(415);
  });

  it('when the body is malformed JSON, then it is 400', async () => {
    const res = await call(register(ok), request('{"displayName":'));
    expect(res.status).toBe(400);
    expect(res.jsonBody.error.message).toBe('The request body is not valid JSON.');
  });

  it('when fields are invalid, then the 400 names each of them', async () => {
    const res = await call(register(ok), request('{"displayName":"","count":1.5}'));
    expect(res.status).toBe(400);
    expect(res.jsonBody.error.code).toBe('Request_BadRequest');
    expect(res.jsonBody.error.details?.map((d) => d.target).sort()).toEqual(['count', 'displayName']);
  });

  it('when the handler crashes, then the 500 carries no internal message and a request id', async () => {
    const res = await call(register(async () => { throw new Error('secret table name and stack'); }), request('{"displayName":"a","count":1}'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.jsonBody)).not.toContain('secret');
    expect(res.jsonBody.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.jsonBody.error.innerError['date']).toBe('2026-11-21T10:00:00Z');
  });

  it('when the handler throws a Failure with a wait, then the status and Retry-After follow the error table', async () => {
    const res = await call(register(async () => { throw new Failure('throttled', 'Slow down.', { retryAfterSeconds: 7 }); }), request('{"displayName":"a","count":1}'));
    expect(res.status).toBe(429);
    expect((res.headers as Record<string, string>)['retry-after']).toBe('7');
  });

  it('when authentication fails, then it is 401 with a Bearer challenge and the handler never runs', async () => {
    let ran = false;
    const handler = register(async () => { ran = true; return json(200, {}); }, deps({ authenticate: async () => { throw new Failure('unauthenticated', 'Access token validation failure.'); } }));
    const res = await call(handler, request('{"displayName":"a","count":1}'));
    expect(res.status).toBe(401);
    expect((res.headers as Record<string, string>)['www-authenticate']).toMatch(/^Bearer /);
    expect(ran).toBe(false);
  });

  it('when the caller is not allowed, then it is 403 before the body is even parsed', async () => {
    const res = await call(register(ok, deps({ authorize: async () => false })), request('not json at all'));
    expect(res.status).toBe(403);
    expect(res.jsonBody.error.code).toBe('Authorization_RequestDenied');
  });
});
