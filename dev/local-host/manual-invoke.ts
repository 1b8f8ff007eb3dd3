import type { FunctionDescriptor } from './functions';
import type { Invoker } from './invoke';
import { manualQueueTriggerMetadata, queueTriggerData } from './queue-message';
import type { RpcTypedData } from './rpc-types';
import type { TimerRunner } from './timer-runner';

/** Why a function cannot be invoked by name. */
export class ManualInvokeError extends Error {
  constructor(
    readonly code: 'function-not-found' | 'http-function',
    message: string,
  ) {
    super(message);
    this.name = 'ManualInvokeError';
  }
}

/** The host's invocation reason for the admin API. */
const REASON = 'This function was programmatically called via the host APIs.';

function asText(input: unknown): string {
  if (input === undefined || input === null) return '';
  return typeof input === 'string' ? input : JSON.stringify(input);
}

/**
 * Invokes a non-HTTP function directly, as `POST /admin/functions/<name>` does in the host: a timer
 * function gets the timer object for now (not past due), a queue function gets `input` as the
 * message (objects are sent as JSON) without touching any queue, other triggers get `input` as is.
 * Resolves when the invocation completes; rejects with its error.
 */
export function createManualInvoke(
  functions: ReadonlyMap<string, FunctionDescriptor>,
  invoker: Invoker,
  timers: TimerRunner,
): { invoke(name: string, input?: unknown): Promise<void>; checkInvocable(name: string): void } {
  function invocable(name: string): FunctionDescriptor {
    const fn = functions.get(name.toLowerCase());
    if (!fn) throw new ManualInvokeError('function-not-found', `No function named '${name}' is registered`);
    if (fn.summary.trigger === 'http') {
      throw new ManualInvokeError('http-function', `'${fn.summary.name}' is an HTTP function: call its route instead`);
    }
    return fn;
  }

  async function invoke(name: string, input?: unknown): Promise<void> {
    const fn = invocable(name);
    let data: RpcTypedData | undefined;
    let triggerMetadata: Record<string, RpcTypedData> | undefined;
    switch (fn.summary.trigger) {
      case 'timer':
        data = timers.timerInput(fn.summary.name);
        break;
      case 'queue': {
        const text = asText(input);
        data = queueTriggerData(Buffer.from(text, 'utf8'), fn.trigger.dataType);
        triggerMetadata = manualQueueTriggerMetadata(fn.summary.name, text);
        break;
      }
      default:
        data = input === undefined ? undefined : typeof input === 'string' ? { string: input } : { json: JSON.stringify(input) };
    }
    await invoker.invoke(fn, { inputData: [{ name: fn.triggerName, data }], triggerMetadata, reason: REASON });
  }

  return { invoke, checkInvocable: (name) => void invocable(name) };
}
