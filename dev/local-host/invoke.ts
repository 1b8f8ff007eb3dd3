import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { emitLog, type CoreRegistry } from './core-shim';
import type { FunctionDescriptor } from './functions';
import type {
  CoreInvocationContext,
  FunctionCallback,
  HookCallback,
  RpcInvocationResponse,
  RpcParameterBinding,
  RpcTypedData,
} from './rpc-types';

/** The invocation request parts a trigger supplies; the invoker adds the ids. */
export interface TriggerRequest {
  inputData: RpcParameterBinding[];
  triggerMetadata?: Record<string, RpcTypedData>;
  /** Shown in the "Executing" log line, as the host does. */
  reason: string;
}

export interface Invoker {
  /** Runs one invocation; rejects with the handler's (or a hook's) error. */
  invoke(fn: FunctionDescriptor, request: TriggerRequest): Promise<RpcInvocationResponse>;
  /** Waits for running invocations, at most `timeoutMs`; false if some were still running. */
  drain(timeoutMs: number): Promise<boolean>;
}

async function runHooks(hooks: readonly HookCallback[], context: unknown): Promise<void> {
  // Copied so a hook that disposes itself does not skip the next one.
  for (const hook of [...hooks]) await hook(context);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/**
 * Invokes functions the way the worker's InvocationHandler does: the library's programming model
 * builds the invocation model from an RPC-shaped request, then getArguments → preInvocation hooks
 * → invokeFunction → postInvocation hooks → getResponse. Any non-null error left after the
 * postInvocation hooks fails the invocation (a hook may clear or replace it).
 */
export function createInvoker(registry: CoreRegistry, log: (line: string) => void): Invoker {
  const running = new Set<Promise<unknown>>();

  async function run(fn: FunctionDescriptor, request: TriggerRequest): Promise<RpcInvocationResponse> {
    const model = registry.programmingModel;
    if (!model) throw new Error('No programming model was set: did the app load @azure/functions?');
    const functionName = fn.summary.name;
    const invocationId = randomUUID();
    const hookData: Record<string, unknown> = {};
    let invocationContext: unknown;
    const coreCtx: CoreInvocationContext = {
      invocationId,
      request: {
        invocationId,
        functionId: fn.registered.metadata.functionId || functionName,
        inputData: request.inputData,
        triggerMetadata: request.triggerMetadata ?? {},
      },
      metadata: fn.registered.metadata,
      log(level, category, message) {
        emitLog(registry, { level, category, message, invocationId, functionName, invocationContext }, hookData);
      },
    };

    const started = performance.now();
    const elapsed = () => `${Math.round(performance.now() - started)}ms`;
    log(`Executing 'Functions.${functionName}' (Reason='${request.reason}', Id=${invocationId})`);
    try {
      const invocationModel = await model.getInvocationModel(coreCtx);
      const { context, inputs } = await invocationModel.getArguments();
      invocationContext = context;

      const pre = {
        hookData,
        appHookData: registry.appHookData,
        invocationContext: context,
        functionCallback: fn.registered.callback as FunctionCallback,
        inputs,
      };
      coreCtx.state = 'preInvocationHooks';
      try {
        await runHooks(registry.hooks.preInvocation, pre);
      } finally {
        coreCtx.state = undefined;
      }

      const post = { hookData, appHookData: registry.appHookData, invocationContext: context, inputs: pre.inputs, result: null as unknown, error: null as unknown };
      coreCtx.state = 'invocation';
      try {
        post.result = await invocationModel.invokeFunction(context, pre.inputs, pre.functionCallback);
      } catch (error) {
        post.error = error;
      } finally {
        coreCtx.state = undefined;
      }

      coreCtx.state = 'postInvocationHooks';
      try {
        await runHooks(registry.hooks.postInvocation, post);
      } finally {
        coreCtx.state = undefined;
      }
      if (post.error !== null && post.error !== undefined) throw post.error;

      const response = await invocationModel.getResponse(context, post.result);
      log(`Executed 'Functions.${functionName}' (Succeeded, Id=${invocationId}, Duration=${elapsed()})`);
      return response;
    } catch (error) {
      log(`Executed 'Functions.${functionName}' (Failed, Id=${invocationId}, Duration=${elapsed()})`);
      log(`Result: Failure Exception: ${describeError(error)}`);
      throw error;
    }
  }

  return {
    invoke(fn, request) {
      const promise = run(fn, request);
      running.add(promise);
      const forget = () => running.delete(promise);
      promise.then(forget, forget);
      return promise;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const done = Promise.allSettled([...running]).then(() => true as const);
      try {
        return await Promise.race([done, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
