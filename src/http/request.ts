import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { Failure, type ErrorDetail } from '../domain/errors';

/** Turns zod issues into Graph-style details naming each offending field as the client sent it. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  const target = (path: readonly PropertyKey[]) => (path.length > 0 ? path.map(String).join('.') : '(body)');
  return error.issues.flatMap((issue) =>
    // An unknown property is named itself, not the object that holds it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ target: target([...issue.path, key]), message: 'is not a property Gatehouse accepts here' }))
      : [{ target: target(issue.path), message: issue.message }],
  );
}

/** Parses `value` with `schema` or fails with `validationFailed` naming every bad field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = zodDetails(parsed.error);
  const fields = [...new Set(details.map((d) => d.target))].join(', ');
  throw new Failure('validationFailed', `Invalid ${what}: ${fields}.`, { details });
}

/**
 * Reads a JSON body: 415 unless the content type is JSON, 413 over `maxBytes` (checked on the
 * declared length first, then on what actually arrived), 400 when it is not JSON.
 */
export async function readJsonBody(request: HttpRequest, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  if (bytes.length === 0) throw new Failure('invalidRequest', 'A JSON request body is required.');
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!/^application\/([\w.+-]+\+)?json\b/.test(type)) {
    throw new Failure('unsupportedMediaType', "The request body must be JSON with 'Content-Type: application/json'.");
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Failure('invalidRequest', 'The request body is not valid JSON.');
  }
}

function tooLarge(maxBytes: number): Failure {
  return new Failure('payloadTooLarge', `The request body is larger than the limit of ${maxBytes} bytes.`);
}
