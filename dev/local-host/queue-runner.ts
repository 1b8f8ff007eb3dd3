import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { FunctionDescriptor } from './functions';
import type { QueueSettings } from './host-json';
import type { Invoker } from './invoke';
import { createQueueService, isValidQueueName, readConnectionString } from './queue-connection';
import { decodeMessageText, queueTriggerData, queueTriggerMetadata } from './queue-message';
import { sleep } from './sleep';

/** The extension receives messages with a 10-minute visibility while a function runs. */
const PROCESSING_VISIBILITY_SECONDS = 600;
/** The listener's fastest polling interval when a queue is empty. */
const MIN_POLLING_INTERVAL_MS = 100;

export interface QueueRunner {
  /** Starts polling every queue. */
  start(): void;
  /** Stops polling; messages already received are still processed (the caller drains invocations). */
  stop(): Promise<void>;
}

interface Listener {
  fn: FunctionDescriptor;
  queue: QueueClient;
  poison: QueueClient;
}

/**
 * Prepares a listener per queue-triggered function, failing (naming the function) when a queue
 * name or connection is unusable, as the host refuses to start such a function.
 */
function prepare(fn: FunctionDescriptor): Listener {
  const name = fn.summary.queueName ?? '';
  if (!isValidQueueName(name)) {
    throw new Error(`The '${fn.summary.name}' function is in error: '${name}' is not a valid queue name`);
  }
  const service = createQueueService(readConnectionString(fn), fn.summary.name);
  return { fn, queue: service.getQueueClient(name), poison: service.getQueueClient(`${name}-poison`) };
}

/**
 * Runs storage-queue triggers with the queue extension's semantics: poll with exponential backoff
 * up to maxPollingInterval, receive up to batchSize messages, run a batch concurrently and fetch
 * the next one once no more than newBatchThreshold are still running. Queue names and connections
 * are checked at construction, so a misconfigured function fails start-up before anything runs. A message is deleted on
 * success; on failure it becomes visible again after visibilityTimeout, or, once its dequeue
 * count reaches maxDequeueCount, is copied as is to `<queue>-poison` and deleted.
 */
export function createQueueRunner(
  functions: readonly FunctionDescriptor[],
  settings: QueueSettings,
  invoker: Invoker,
  log: (line: string) => void,
): QueueRunner {
  const listeners = functions.map(prepare);
  const stopping = new AbortController();

  async function moveToPoison({ queue, poison }: Listener, item: DequeuedMessageItem): Promise<void> {
    await poison.createIfNotExists();
    await poison.sendMessage(item.messageText);
    await queue.deleteMessage(item.messageId, item.popReceipt);
  }

  async function handle(listener: Listener, item: DequeuedMessageItem): Promise<void> {
    const { fn, queue, poison } = listener;
    const payload = decodeMessageText(item.messageText, settings.messageEncoding);
    try {
      if (!payload) {
        log(`Message '${item.messageId}' on '${queue.name}' is not valid base64; moving it to '${poison.name}'.`);
        await moveToPoison(listener, item);
        return;
      }
      let failed = false;
      try {
        await invoker.invoke(fn, {
          inputData: [{ name: fn.triggerName, data: queueTriggerData(payload, fn.trigger.dataType) }],
          triggerMetadata: queueTriggerMetadata(fn.summary.name, payload.toString('utf8'), item),
          reason: `New queue message detected on '${queue.name}'.`,
        });
      } catch {
        failed = true; // the invoker has logged it
      }
      if (!failed) {
        await queue.deleteMessage(item.messageId, item.popReceipt);
      } else if (item.dequeueCount >= settings.maxDequeueCount) {
        log(`Message has reached MaxDequeueCount of ${settings.maxDequeueCount}. Moving message to queue '${poison.name}'.`);
        await moveToPoison(listener, item);
      } else {
        await queue.updateMessage(item.messageId, item.popReceipt, undefined, Math.floor(settings.visibilityTimeoutMs / 1000));
      }
    } catch (error) {
      log(`Could not complete message '${item.messageId}' on '${queue.name}': ${(error as Error).message}`);
    }
  }

  async function listen(listener: Listener): Promise<void> {
    const { queue } = listener;
    const inFlight = new Set<Promise<void>>();
    let created = false;
    let failing = false;
    let delay = Math.min(MIN_POLLING_INTERVAL_MS, settings.maxPollingIntervalMs);
    while (!stopping.signal.aborted) {
      try {
        if (!created) {
          await queue.createIfNotExists();
          created = true;
        }
        const { receivedMessageItems: items } = await queue.receiveMessages({
          numberOfMessages: settings.batchSize,
          visibilityTimeout: PROCESSING_VISIBILITY_SECONDS,
        });
        failing = false;
        if (items.length === 0) {
          await sleep(delay, stopping.signal);
          delay = Math.min(delay * 2, settings.maxPollingIntervalMs);
          continue;
        }
        delay = Math.min(MIN_POLLING_INTERVAL_MS, settings.maxPollingIntervalMs);
        for (const item of items) {
          const work = handle(listener, item);
          inFlight.add(work);
          void work.finally(() => inFlight.delete(work));
        }
        while (inFlight.size > settings.newBatchThreshold) await Promise.race(inFlight);
      } catch (error) {
        if (!failing) log(`Queue listener for '${queue.name}' (${listener.fn.summary.name}) failed: ${(error as Error).message}; retrying`);
        failing = true;
        await sleep(settings.maxPollingIntervalMs, stopping.signal);
      }
    }
    await Promise.allSettled(inFlight);
  }

  let loops: Promise<void>[] = [];
  return {
    start() {
      loops = listeners.map(listen);
    },
    async stop() {
      stopping.abort();
      await Promise.allSettled(loops);
    },
  };
}
