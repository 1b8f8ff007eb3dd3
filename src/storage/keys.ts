/**
 * Table Storage keys may not contain `/ \ # ?` or control characters and are at most 1 KiB.
 * `encodeKey` percent-escapes those (and `%` itself, so decoding is exact) and keeps everything else
 * readable, so keys still sort and range-scan by their natural prefix.
 */
const FORBIDDEN = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;
const MAX_KEY_BYTES = 1024;

export function encodeKey(value: string): string {
  const encoded = value.replace(FORBIDDEN, (ch) => {
    const code = ch.charCodeAt(0);
    return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  });
  if (Buffer.byteLength(encoded, 'utf8') > MAX_KEY_BYTES) {
    throw new TypeError(`Table key longer than ${MAX_KEY_BYTES} bytes after encoding`);
  }
  return encoded;
}

export function decodeKey(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Upper bound for a prefix range scan: every key starting with `prefix` is `>= prefix` and `< prefixEnd(prefix)`. */
export function prefixEnd(prefix: string): string {
  return `${prefix}\uffff`;
}

/** Escapes a string literal for an OData filter (single quotes doubled). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
