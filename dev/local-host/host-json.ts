import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Queue trigger settings from host.json `extensions.queues`, with the runtime's defaults. */
export interface QueueSettings {
  maxPollingIntervalMs: number;
  visibilityTimeoutMs: number;
  batchSize: number;
  maxDequeueCount: number;
  newBatchThreshold: number;
  messageEncoding: 'base64' | 'none';
}

/** The parts of host.json the local host honours. */
export interface HostSettings {
  routePrefix: string;
  queues: QueueSettings;
}

/** Smallest polling interval the queue extension accepts. */
const MIN_POLLING_INTERVAL_MS = 100;
/** The queue service returns at most 32 messages per request. */
const MAX_BATCH_SIZE = 32;

/**
 * Reads a .NET TimeSpan (`[-][d.]hh:mm[:ss[.fffffff]]`, or whole days) and returns milliseconds.
 * host.json also tolerates a plain number of milliseconds.
 */
export function parseTimeSpan(value: unknown, setting: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const m = /^\s*(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$/.exec(value);
    if (m) {
      const [, days, hours, minutes, seconds, fraction] = m;
      if (Number(hours) < 24 && Number(minutes) < 60 && Number(seconds ?? 0) < 60) {
        const fractionMs = fraction ? Number(`0.${fraction}`) * 1000 : 0;
        return (((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds ?? 0)) * 1000 + fractionMs;
      }
    } else if (/^\s*\d+\s*$/.test(value)) {
      return Number(value) * 86_400_000;
    }
  }
  throw new Error(`host.json: ${setting} must be a TimeSpan such as "00:00:02", got ${JSON.stringify(value)}`);
}

function integer(value: unknown, fallback: number, setting: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`host.json: ${setting} must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Turns a parsed host.json into settings, failing on values the runtime would reject. */
export function toHostSettings(json: unknown): HostSettings {
  const extensions = record(record(json).extensions);
  const http = record(extensions.http);
  const queues = record(extensions.queues);

  const routePrefix = http.routePrefix === undefined ? 'api' : String(http.routePrefix).replace(/^\/+|\/+$/g, '');
  const batchSize = integer(queues.batchSize, 16, 'extensions.queues.batchSize', 1, MAX_BATCH_SIZE);
  const encoding = String(queues.messageEncoding ?? 'base64').toLowerCase();
  if (encoding !== 'base64' && encoding !== 'none') {
    throw new Error(`host.json: extensions.queues.messageEncoding must be "base64" or "none", got ${JSON.stringify(queues.messageEncoding)}`);
  }
  const maxPollingIntervalMs =
    queues.maxPollingInterval === undefined ? 60_000 : parseTimeSpan(queues.maxPollingInterval, 'extensions.queues.maxPollingInterval');
  return {
    routePrefix,
    queues: {
      maxPollingIntervalMs: Math.max(MIN_POLLING_INTERVAL_MS, maxPollingIntervalMs),
      visibilityTimeoutMs:
        queues.visibilityTimeout === undefined ? 0 : parseTimeSpan(queues.visibilityTimeout, 'extensions.queues.visibilityTimeout'),
      batchSize,
      maxDequeueCount: integer(queues.maxDequeueCount, 5, 'extensions.queues.maxDequeueCount', 1, Number.MAX_SAFE_INTEGER),
      newBatchThreshold: integer(queues.newBatchThreshold, Math.floor(batchSize / 2), 'extensions.queues.newBatchThreshold', 0, Number.MAX_SAFE_INTEGER),
      messageEncoding: encoding,
    },
  };
}

/** Reads `<appDir>/host.json`; like Core Tools, an app without one does not start. */
export function readHostJson(appDir: string): HostSettings {
  const file = path.join(appDir, 'host.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Unable to find ${file}: an Azure Functions app needs a host.json at its root`);
  }
  return toHostSettings(JSON.parse(text));
}

/**
 * Resolves `%Setting%` references the way binding expressions do for queue names and schedules:
 * the value comes from the app settings (here, the environment) and a missing one is an error.
 */
export function resolveAppSettings(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/%([^%]+)%/g, (_, name: string) => {
    const resolved = env[name];
    if (resolved === undefined) throw new Error(`The app setting '${name}' referenced as '%${name}%' is not defined`);
    return resolved;
  });
}
