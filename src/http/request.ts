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

/**
 * For a POST/PATCH/PUT that takes no JSON body (actions such as `cancel`, `resend`, `restore`): a
 * JSON body with properties is refused naming each, as a route with a schema refuses unknown ones.
 * Forms, CSV and empty bodies are left to the handler (this reads only a JSON content type).
 */
export async function refuseUnexpectedJson(request: HttpRequest, maxBytes: number): Promise<void> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!/^application\/([\w.+-]+\+)?json\b/.test(type)) return;
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  const text = bytes.toString('utf8').trim();
  if (text === '') return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Failure('invalidRequest', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Failure('invalidRequest', 'This operation takes no request body.');
  const keys = Object.keys(value).filter((k) => k !== '@odata.type');
  if (keys.length === 0) return;
  const details = keys.map((key) => ({ target: key, message: 'is not a property Gatehouse accepts here' }));
  throw new Failure('validationFailed', `Invalid request body: ${keys.join(', ')}.`, { details });
}
