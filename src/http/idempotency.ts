import { createHash } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { Failure } from '../domain/errors';
import { RETRY_SAFE_ABANDONED_AFTER_MS, runIdempotently, type IdempotencyDeps, type KeptResponse } from '../domain/idempotency/idempotency';
import type { Principal } from '../domain/principal';
import { failureResponse, graphError, type RequestIdentity } from './errors';

/** Headers replayed with a kept response; everything else (request-id, …) belongs to each request. */
const KEPT_HEADERS = ['content-type', 'location', 'retry-after'];

/** The header, per the draft a Structured Field string (`"…"`); a bare token is accepted too. */
export function readIdempotencyKey(headers: Headers): string | undefined {
  const raw = headers.get('idempotency-key');
  if (raw === null) return undefined;
  const value = raw.trim().replace(/^"(.*)"$/, '$1');
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new Failure('invalidRequest', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', {
      details: [{ target: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
    });
  }
  return value;
}

/** A stable hash of what makes two requests "the same": operation, path parameters and body. */
export function requestFingerprint(operationId: string, params: unknown, payload: unknown): string {
  return createHash('sha256').update(`${operationId}\n${stableJson(params)}\n${stableJson(payload)}`).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const scopeOf = (principal: Principal) => (principal.kind === 'app' ? `app:${principal.appId}` : `user:${principal.userId}`);

/**
 * Runs an endpoint's work under its `Idempotency-Key` (when the request has one): a repeat from the
 * same caller within 24 h gets the first response again (with `Idempotency-Replayed: true`), the
 * same key with a different request gets 422 and a repeat while the first still runs 409, as the
 * IETF draft says. Expected failures (4xx) are kept and replayed too; 5xx and 429 are not, so a
 * retry runs again. `run` gets an operation key naming this request across attempts (caller, key
 * and request), so a use case can make a retry after a crash finish the first attempt's work
 * instead of doing it again; undefined without an Idempotency-Key. Such an operation is
 * `retrySafe`: a claim whose request died is taken over after 10 s instead of 2 minutes.
 */
export async function idempotent(
  deps: IdempotencyDeps,
  ctx: { request: { headers: Headers }; principal: Principal | undefined; id: RequestIdentity },
  what: { operationId: string; params: unknown; payload: unknown; retrySafe?: boolean },
  run: (operationKey: string | undefined) => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  const key = readIdempotencyKey(ctx.request.headers);
  if (key === undefined || !ctx.principal) return run(undefined);
  const scope = scopeOf(ctx.principal);
  const fingerprint = requestFingerprint(what.operationId, what.params, what.payload);
  const operationKey = `idem|${scope}|${fingerprint}|${key}`;
  const outcome = await runIdempotently(deps, { scope, key, fingerprint, ...(what.retrySafe ? { abandonedAfterMs: RETRY_SAFE_ABANDONED_AFTER_MS } : {}) }, async () => keep(await runMapped(() => run(operationKey), ctx.id)));
  switch (outcome.kind) {
    case 'fresh':
      return toInit(outcome.response, {});
    case 'replayed':
      return toInit(outcome.response, { 'idempotency-replayed': 'true' });
    case 'mismatch':
      return graphError(422, 'UnprocessableEntity', 'The Idempotency-Key was already used for a different request. Use a new key for a new request.', ctx.id, [
        { target: 'Idempotency-Key', message: 'reused with a different request' },
      ]);
    case 'inProgress':
      return graphError(409, 'Conflict', 'A request with this Idempotency-Key is still being processed. Retry later.', ctx.id, [], 1);
  }
}

/** Expected failures become their responses here, so they can be kept like any other. */
async function runMapped(run: () => Promise<HttpResponseInit>, id: RequestIdentity): Promise<HttpResponseInit> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Failure) return failureResponse(error, id);
    throw error;
  }
}

function keep(response: HttpResponseInit): KeptResponse {
  const headers: Record<string, string> = {};
  new Headers(response.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => {
    if (KEPT_HEADERS.includes(name)) headers[name] = value;
  });
  return { status: response.status ?? 200, headers, body: response.jsonBody ?? (typeof response.body === 'string' ? response.body : null) };
}

function toInit(response: KeptResponse, extra: Record<string, string>): HttpResponseInit {
  const headers = { ...response.headers, ...extra };
  if (typeof response.body === 'string' && !(headers['content-type'] ?? '').includes('json')) return { status: response.status, headers, body: response.body };
  return { status: response.status, headers, jsonBody: response.body };
}
