import { randomUUID } from 'node:crypto';
import type { RpcTypedData } from './rpc-types';

/** A message as the queue service returned it (text still encoded). */
export interface QueueMessageInfo {
  messageId: string;
  popReceipt: string;
  messageText: string;
  dequeueCount: number;
  insertedOn: Date;
  expiresOn: Date;
  nextVisibleOn: Date;
}

/**
 * Decodes a message body the way the queue extension's client does: base64 (whitespace ignored,
 * otherwise strict, like .NET `Convert.FromBase64String`) or, with encoding 'none', the raw text.
 * Returns null when base64 is expected but the text is not base64.
 */
export function decodeMessageText(text: string, encoding: 'base64' | 'none'): Buffer | null {
  if (encoding === 'none') return Buffer.from(text, 'utf8');
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

/**
 * The trigger's input data. The host hands a JS worker the message as a string (or bytes with
 * `dataType: 'binary'`); the library then turns JSON text into an object, so handlers receive an
 * object for JSON content and a string otherwise.
 */
export function queueTriggerData(payload: Buffer, dataType: unknown): RpcTypedData {
  return dataType === 'binary' ? { bytes: payload } : { string: payload.toString('utf8') };
}

const json = (value: unknown): RpcTypedData => ({ json: JSON.stringify(value) });

/** The `sys` entry the host adds to every trigger's metadata. */
function sys(functionName: string): RpcTypedData {
  return json({ MethodName: functionName, UtcNow: new Date().toISOString(), RandGuid: randomUUID() });
}

/**
 * Trigger metadata as the host builds it for a queue message (PascalCase keys; the library
 * camel-cases them into `context.triggerMetadata`): `QueueTrigger`, `DequeueCount`, `Id`,
 * `InsertionTime`, `ExpirationTime`, `NextVisibleTime`, `PopReceipt` and `sys`. Numbers and dates
 * travel as JSON, as the host serialises them.
 */
export function queueTriggerMetadata(functionName: string, text: string, message: QueueMessageInfo): Record<string, RpcTypedData> {
  return {
    QueueTrigger: { string: text },
    DequeueCount: json(message.dequeueCount),
    Id: { string: message.messageId },
    InsertionTime: json(message.insertedOn.toISOString()),
    ExpirationTime: json(message.expiresOn.toISOString()),
    NextVisibleTime: json(message.nextVisibleOn.toISOString()),
    PopReceipt: { string: message.popReceipt },
    sys: sys(functionName),
  };
}

/**
 * Metadata for a message given through the admin API, which never touched a queue: like the
 * extension's string-to-message conversion it has a dequeue count of 0 and no id or times.
 */
export function manualQueueTriggerMetadata(functionName: string, text: string): Record<string, RpcTypedData> {
  return { QueueTrigger: { string: text }, DequeueCount: json(0), sys: sys(functionName) };
}
