import { QueueServiceClient } from '@azure/storage-queue';
import type { FunctionDescriptor } from './functions';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Queue names the service accepts: 3–63 of a-z, 0-9 and single hyphens, alphanumeric at both ends. */
export function isValidQueueName(name: string): boolean {
  return /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(name);
}

/**
 * The connection setting a queue trigger names (default `AzureWebJobsStorage`), looked up like the
 * host does: the name itself, then with the `AzureWebJobs` prefix.
 */
export function readConnectionString(fn: FunctionDescriptor, env: NodeJS.ProcessEnv = process.env): string {
  const setting = typeof fn.trigger.connection === 'string' && fn.trigger.connection !== '' ? fn.trigger.connection : 'AzureWebJobsStorage';
  const value = env[setting] ?? env[`AzureWebJobs${setting}`];
  if (value) return value;
  const identityBased = Object.keys(env).some((key) => key.startsWith(`${setting}__`));
  throw new Error(
    `The '${fn.summary.name}' function is in error: Storage account connection string '${setting}' does not exist. ` +
      (identityBased
        ? `Identity-based connections ('${setting}__…') are not supported by the local host; set a connection string.`
        : 'Make sure that it is a defined app setting (environment variable).'),
  );
}

/**
 * A service client for a connection string. The storage SDK accepts plain http on its own, so the
 * loopback rule is enforced here: the account key is never sent unencrypted off this machine.
 */
export function createQueueService(connectionString: string, functionName: string): QueueServiceClient {
  const service = QueueServiceClient.fromConnectionString(connectionString);
  const url = new URL(service.url);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`The '${functionName}' function is in error: its storage endpoint ${url.origin} uses http on a non-loopback host`);
  }
  return service;
}
