import { z } from 'zod';
import type { ErrorCode, ErrorDetail } from '../domain/errors';
import { Failure } from '../domain/errors';

/** Every domain error code's HTTP status and Graph error code. The compiler forces a row per code. */
export const ERROR_TABLE: Record<ErrorCode, { status: number; graphCode: string }> = {
  invalidRequest: { status: 400, graphCode: 'BadRequest' },
  validationFailed: { status: 400, graphCode: 'Request_BadRequest' },
  unsupportedQuery: { status: 400, graphCode: 'Request_UnsupportedQuery' },
  unauthenticated: { status: 401, graphCode: 'InvalidAuthenticationToken' },
  accessDenied: { status: 403, graphCode: 'Authorization_RequestDenied' },
  notFound: { status: 404, graphCode: 'Request_ResourceNotFound' },
  conflict: { status: 409, graphCode: 'Conflict' },
  preconditionFailed: { status: 412, graphCode: 'PreconditionFailed' },
  payloadTooLarge: { status: 413, graphCode: 'RequestEntityTooLarge' },
  unsupportedMediaType: { status: 415, graphCode: 'UnsupportedMediaType' },
  throttled: { status: 429, graphCode: 'TooManyRequests' },
  unavailable: { status: 503, graphCode: 'ServiceUnavailable' },
};

/** Identifies one request in errors and logs, like Graph's `request-id` / `client-request-id`. */
export interface RequestIdentity {
  requestId: string;
  clientRequestId?: string | undefined;
  date: Date;
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    details?: { code: string; message: string; target: string }[];
    innerError: { 'request-id': string; date: string; 'client-request-id'?: string };
  };
}

/** The same shape as a zod schema, for the OpenAPI document (typed against the interface so the two cannot drift). */
export const graphErrorSchema: z.ZodType<GraphErrorBody> = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ code: z.string(), message: z.string(), target: z.string() })).optional(),
    innerError: z.object({ 'request-id': z.string(), date: z.string(), 'client-request-id': z.string().optional() }),
  }),
});

/** Response init for an HTTP status and a Graph error body; `Retry-After` on 429/503. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  jsonBody: GraphErrorBody;
}

export function graphError(
  status: number,
  graphCode: string,
  message: string,
  id: RequestIdentity,
  details: ErrorDetail[] = [],
  retryAfterSeconds?: number,
): ErrorResponse {
  const innerError: GraphErrorBody['error']['innerError'] = {
    'request-id': id.requestId,
    date: id.date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  if (id.clientRequestId) innerError['client-request-id'] = id.clientRequestId;
  const body: GraphErrorBody = { error: { code: graphCode, message, innerError } };
  if (details.length > 0) {
    body.error.details = details.map((d) => ({ code: d.code ?? 'InvalidValue', message: d.message, target: d.target }));
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': id.requestId };
  if (id.clientRequestId) headers['client-request-id'] = id.clientRequestId;
  if (retryAfterSeconds !== undefined || status === 429 || status === 503) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterSeconds ?? 1)));
  }
  return { status, headers, jsonBody: body };
}

/** Maps an expected failure to its Graph error response. */
export function failureResponse(failure: Failure, id: RequestIdentity): ErrorResponse {
  const row = ERROR_TABLE[failure.code];
  const response = graphError(row.status, row.graphCode, failure.message, id, failure.details, failure.retryAfterSeconds);
  // RFC 6750: a 401 tells the client which scheme to use.
  if (row.status === 401) response.headers['www-authenticate'] = 'Bearer realm="", error="invalid_token"';
  return response;
}

/** The neutral 500: never a stack trace or an internal message. */
export function internalErrorResponse(id: RequestIdentity): ErrorResponse {
  return graphError(500, 'InternalServerError', 'An internal server error occurred. Retry later; quote the request-id if it persists.', id);
}
