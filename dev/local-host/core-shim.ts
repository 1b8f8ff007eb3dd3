import Module from 'node:module';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from './rpc-types';

/** A function as `@azure/functions` registered it through `registerFunction`. */
export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

/** One log record from the library (system) or from a handler (user). */
export interface LogRecord {
  level: RpcLogLevel;
  category: RpcLogCategory;
  message: string;
  invocationId?: string;
  functionName?: string;
  /** The library's `InvocationContext`, handed to log hooks. */
  invocationContext?: unknown;
}

/** What the stand-in `@azure/functions-core` module collects while the app loads and runs. */
export interface CoreRegistry {
  readonly functions: Map<string, RegisteredFunction>;
  readonly hooks: Record<HookName, HookCallback[]>;
  readonly appHookData: Record<string, unknown>;
  programmingModel: ProgrammingModel | undefined;
  /** Set once start-up is over: the worker refuses registrations after that too. */
  indexingLocked: boolean;
  /** The library announced `app.setup({ enableHttpStream: true })`, which this host does not support. */
  httpStreamRequested: boolean;
  /** Where log records end up; the host replaces it when it starts. */
  sink: (record: LogRecord) => void;
}

const HOOK_NAMES: readonly HookName[] = ['appStart', 'appTerminate', 'preInvocation', 'postInvocation', 'log'];
const CORE_MODULE = '@azure/functions-core';

/** Same contract as the worker's (and the library's) Disposable: dispose runs once. */
class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  #onDispose: (() => unknown) | undefined;
  constructor(onDispose: () => unknown) {
    this.#onDispose = onDispose;
  }
  dispose(): unknown {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    return onDispose?.();
  }
}

/** Error shape the library recognises as coming from the runtime (see its `registerHook.log`). */
function systemError<T extends Error>(error: T): T {
  return Object.assign(error, { isAzureFunctionsSystemError: true });
}

let installed: CoreRegistry | undefined;

/**
 * Runs log hooks (which may rewrite level and message, as in the worker) and hands the record to
 * the sink. A throwing log hook must not take the invocation down, so its error is reported instead.
 */
export function emitLog(registry: CoreRegistry, record: LogRecord, hookData: Record<string, unknown> = {}): void {
  const hooks = registry.hooks.log;
  if (hooks.length > 0) {
    const context = {
      level: record.level,
      message: record.message,
      category: record.category,
      hookData,
      appHookData: registry.appHookData,
      invocationContext: record.invocationContext,
    };
    for (const hook of hooks) {
      try {
        void hook(context);
      } catch (error) {
        registry.sink({ level: 'error', category: 'system', message: `A log hook threw: ${String(error)}` });
      }
    }
    record = { ...record, level: context.level, message: context.message };
  }
  registry.sink(record);
}

function createCoreApi(registry: CoreRegistry): Record<string, unknown> {
  return {
    version: '3.0.0-gatehouse-local',
    hostVersion: '4.0.0-gatehouse-local',
    Disposable,
    setProgrammingModel(model: ProgrammingModel): void {
      registry.programmingModel = model;
    },
    getProgrammingModel(): ProgrammingModel | undefined {
      return registry.programmingModel;
    },
    registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
      if (registry.indexingLocked) {
        throw systemError(new Error('A function can only be registered during app startup.'));
      }
      const id = metadata.functionId || metadata.name;
      if (registry.functions.has(id)) {
        throw systemError(new Error(`A function with id "${id}" has already been registered.`));
      }
      registry.functions.set(id, { metadata, callback });
      return new Disposable(() => {
        if (registry.indexingLocked) {
          throw systemError(new Error('A function can only be disposed during app startup.'));
        }
        registry.functions.delete(id);
      });
    },
    registerHook(hookName: string, callback: HookCallback): Disposable {
      if (!HOOK_NAMES.includes(hookName as HookName)) {
        throw systemError(new RangeError(`Unrecognized hook "${hookName}"`));
      }
      const list = registry.hooks[hookName as HookName];
      list.push(callback);
      return new Disposable(() => {
        const index = list.indexOf(callback);
        if (index >= 0) list.splice(index, 1);
      });
    },
    log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
      // The library announces HTTP streaming only through this log line; it is the one signal
      // available before `getCapabilities` would start the library's proxy server.
      if (category === 'system' && message === 'HTTP streaming enabled.') registry.httpStreamRequested = true;
      emitLog(registry, { level, category, message });
    },
  };
}

/**
 * Makes `require('@azure/functions-core')` return this host's implementation, the way the worker
 * does it (a proxy on `Module.prototype.require`). It must run before `@azure/functions` first
 * asks for the module: the library caches a failed lookup and then stays in "test mode".
 * Idempotent within a process; the registry is a process-wide singleton like the worker's.
 */
export function installCoreShim(): CoreRegistry {
  if (installed) return installed;
  const registry: CoreRegistry = {
    functions: new Map(),
    hooks: { appStart: [], appTerminate: [], preInvocation: [], postInvocation: [], log: [] },
    appHookData: {},
    programmingModel: undefined,
    indexingLocked: false,
    httpStreamRequested: false,
    sink: () => undefined,
  };
  const coreApi = createCoreApi(registry);
  Module.prototype.require = new Proxy(Module.prototype.require, {
    apply(target, thisArg, args: unknown[]) {
      if (args[0] === CORE_MODULE) return coreApi;
      return Reflect.apply(target, thisArg, args);
    },
  });
  installed = registry;
  return registry;
}
