import type { IncomingMessage, ServerResponse } from 'node:http';

/** ACS limit on one request, attachments included. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' };

/**
 * Reads the whole body, keeping at most `limit` bytes. Beyond it the rest is drained and dropped,
 * so the client still gets a readable 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? { ok: false, reason: 'too-large' } : { ok: true, body: Buffer.concat(chunks) }));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** ACS ErrorResponse (`{"error":{code,message,details?}}`) with `x-ms-error-code`, as the service sends it. */
export function sendAcsError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: { details?: ErrorDetail[]; headers?: Record<string, string> } = {},
): void {
  const error: Record<string, unknown> = { code, message };
  if (extra.details?.length) error['details'] = extra.details;
  sendJson(res, status, { error }, { 'x-ms-error-code': code, ...(extra.headers ?? {}) });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // The page itself needs no script and no outside resource; mail bodies live in sandboxed srcdoc frames.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'",
  });
  res.end(html);
}

export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
