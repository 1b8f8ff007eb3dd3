import { createHash } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import { Failure } from '../domain/errors';

/**
 * Reads a CSV request body (`text/csv`) up to `maxBytes` (413 above it, checked on the declared
 * length and on what arrives) and returns its bytes with their SHA-256 (the Idempotency-Key
 * fingerprint). The bytes are then parsed incrementally (`csvText`), never as one string.
 */
export async function readCsvBody(request: HttpRequest, maxBytes: number): Promise<{ chunks: Uint8Array[]; sha256: string }> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!/^(text|application)\/csv\b/.test(type)) throw new Failure('unsupportedMediaType', "The request body must be CSV with 'Content-Type: text/csv'.");
  const tooLarge = () => new Failure('payloadTooLarge', `The CSV is larger than the limit of ${maxBytes} bytes for this endpoint.`);
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) throw tooLarge();
  const hash = createHash('sha256');
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      hash.update(chunk);
      chunks.push(chunk);
    }
  }
  if (size === 0) throw new Failure('invalidRequest', 'A CSV request body is required.');
  return { chunks, sha256: hash.digest('base64url') };
}

/** The body as UTF-8 text pieces (a character split across chunks is decoded whole). */
export async function* csvText(chunks: readonly Uint8Array[]): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    for (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw new Failure('invalidRequest', 'The CSV is not valid UTF-8.');
    throw error;
  }
}
