import { z } from 'zod';
import { Failure } from '../domain/errors';

/** Graph's limit on requests in one JSON batch. */
export const MAX_BATCH_REQUESTS = 20;
/** How many independent inner requests run at the same time. */
export const BATCH_CONCURRENCY = 4;

const batchRequest = z
  .object({
    id: z.string().min(1).max(100),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], { message: 'must be GET, POST, PATCH, PUT or DELETE' })),
    url: z.string().min(1).max(4096),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
    dependsOn: z.array(z.string()).max(MAX_BATCH_REQUESTS).optional(),
  })
  .passthrough();

/** `POST /$batch`'s body (Graph JSON batching). */
export const batchBody = z.object({
  requests: z.array(batchRequest).min(1).max(MAX_BATCH_REQUESTS, { message: `at most ${MAX_BATCH_REQUESTS} requests in one batch` }),
});
export type BatchBody = z.output<typeof batchBody>;
export type BatchRequest = BatchBody['requests'][number];

/** One inner response as Graph returns it. */
export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const invalid = (message: string, target: string) => new Failure('invalidRequest', message, { details: [{ target, message }] });

/**
 * What makes the whole batch a 400 (as in Graph): duplicate ids, a `dependsOn` naming no request in
 * the batch or itself, and dependency cycles.
 */
export function validateBatch(requests: readonly BatchRequest[]): void {
  const ids = new Set<string>();
  for (const r of requests) {
    if (ids.has(r.id)) throw invalid(`The batch contains more than one request with id '${r.id}'.`, 'requests.id');
    ids.add(r.id);
  }
  for (const r of requests) {
    for (const dep of r.dependsOn ?? []) {
      if (!ids.has(dep) || dep === r.id) throw invalid(`Request '${r.id}' depends on '${dep}', which is not another request in the batch.`, 'requests.dependsOn');
    }
  }
  const byId = new Map(requests.map((r) => [r.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw invalid(`The dependsOn chain through request '${id}' is a cycle.`, 'requests.dependsOn');
    state.set(id, 'visiting');
    for (const dep of byId.get(id)?.dependsOn ?? []) visit(dep);
    state.set(id, 'done');
  };
  for (const r of requests) visit(r.id);
}

/**
 * Runs the inner requests: each once all it depends on have finished, independent ones up to
 * `concurrency` at a time. A request whose dependency failed (status >= 400, or itself skipped) is
 * not run and gets `failedDependency(request)` (Graph: 424). Responses come back in request order.
 */
export async function runBatch(
  requests: readonly BatchRequest[],
  dispatch: (request: BatchRequest) => Promise<BatchResponse>,
  failedDependency: (request: BatchRequest) => BatchResponse,
  concurrency = BATCH_CONCURRENCY,
): Promise<BatchResponse[]> {
  const results = new Map<string, BatchResponse>();
  const running = new Map<string, Promise<void>>();
  const pending = [...requests];
  while (pending.length > 0 || running.size > 0) {
    for (let i = 0; i < pending.length && running.size < concurrency; ) {
      const request = pending[i]!;
      const deps = request.dependsOn ?? [];
      if (!deps.every((d) => results.has(d))) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      if (deps.some((d) => results.get(d)!.status >= 400)) {
        results.set(request.id, failedDependency(request));
        i = 0; // a new result may release others
        continue;
      }
      running.set(
        request.id,
        dispatch(request).then((response) => {
          results.set(request.id, response);
          running.delete(request.id);
        }),
      );
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (pending.length > 0 && !pending.some((r) => (r.dependsOn ?? []).every((d) => results.has(d)))) {
      throw new Error('batch scheduling stalled: validateBatch should have refused this batch');
    }
  }
  return requests.map((r) => {
    const response = results.get(r.id)!;
    return { ...response, headers: graphHeaderNames(response.headers) };
  });
}

/** Standard header names as Graph's batch responses spell them; other names stay as they are. */
const GRAPH_HEADER_NAMES = new Map(
  ['Allow', 'Cache-Control', 'Content-Location', 'Content-Type', 'ETag', 'Location', 'OData-Version', 'Preference-Applied', 'Retry-After', 'WWW-Authenticate'].map((name) => [name.toLowerCase(), name]),
);

/**
 * The inner responses' headers with Graph's spelling of the standard names (`Content-Type`,
 * `Location`, `Retry-After`, …), as its JSON batching page shows them. The Graph JS SDK's
 * `BatchResponseContent` looks up `headers["Content-Type"]` exactly to decide that a body is JSON.
 */
export function graphHeaderNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [GRAPH_HEADER_NAMES.get(name.toLowerCase()) ?? name, value]));
}
