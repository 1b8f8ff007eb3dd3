/**
 * Expected failures, as values with a stable `code`. One table in `src/http/errors.ts` maps every
 * code to an HTTP status and a Graph error code, so adding a code forces its mapping.
 */
export type ErrorCode =
  | 'invalidRequest'
  | 'validationFailed'
  /** A query Graph serves only with the advanced query parameters, or not at all (Request_UnsupportedQuery). */
  | 'unsupportedQuery'
  | 'unauthenticated'
  | 'accessDenied'
  | 'notFound'
  | 'conflict'
  | 'preconditionFailed'
  | 'throttled'
  | 'payloadTooLarge'
  | 'unsupportedMediaType'
  | 'unavailable';

/** One offending input, named the way the client sent it (`invitedUserMessageInfo.ccRecipients`). */
export interface ErrorDetail {
  target: string;
  message: string;
  /** Graph's detail code; `InvalidValue` when absent (`ObjectConflict` for a duplicate value). */
  code?: string;
}

export interface FailureOptions {
  details?: ErrorDetail[];
  /** Seconds the client should wait (429/503). */
  retryAfterSeconds?: number;
}

/** An expected failure: safe to show to the client as is. */
export class Failure extends Error {
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: FailureOptions = {},
  ) {
    super(message);
    this.name = 'Failure';
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export type Result<T, E = Failure> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export const notFound = (what: string, id: string): Failure =>
  new Failure('notFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, {
    details: [{ target: what, message: 'not found' }],
  });
