import type { CoreRegistry, RegisteredFunction } from './core-shim';
import { resolveAppSettings } from './host-json';
import type { RpcBindingInfo } from './rpc-types';

/** What `startLocalHost` reports about each registered function. */
export interface LocalFunction {
  name: string;
  trigger: 'http' | 'queue' | 'timer' | 'other';
  /** HTTP: the route template without the prefix (the function name when none is given). */
  route?: string;
  /** HTTP: upper-case methods; empty means any method. */
  methods?: string[];
  /** Queue: the queue name after `%setting%` resolution. */
  queueName?: string;
  /** Timer: the schedule after `%setting%` resolution. */
  schedule?: string;
}

/** A registered function with its trigger binding located. */
export interface FunctionDescriptor {
  summary: LocalFunction;
  registered: RegisteredFunction;
  /** The trigger binding's generated name, which names the trigger's input data. */
  triggerName: string;
  trigger: RpcBindingInfo;
}

const isTriggerType = (type: unknown): boolean => typeof type === 'string' && /trigger$/i.test(type);

function kindOf(type: string): LocalFunction['trigger'] {
  switch (type.toLowerCase()) {
    case 'httptrigger':
      return 'http';
    case 'queuetrigger':
      return 'queue';
    case 'timertrigger':
      return 'timer';
    default:
      return 'other';
  }
}

function describe(registered: RegisteredFunction): FunctionDescriptor {
  const { name, bindings } = registered.metadata;
  const found = Object.entries(bindings).find(([, b]) => b.direction === 'in' && isTriggerType(b.type));
  if (!found) throw new Error(`The '${name}' function is in error: it has no trigger binding`);
  const [triggerName, trigger] = found;
  const summary: LocalFunction = { name, trigger: kindOf(String(trigger.type)) };
  try {
    if (summary.trigger === 'http') {
      summary.route = typeof trigger.route === 'string' && trigger.route !== '' ? trigger.route : name;
      summary.methods = (Array.isArray(trigger.methods) ? trigger.methods : []).map((m) => String(m).toUpperCase());
    } else if (summary.trigger === 'queue') {
      summary.queueName = resolveAppSettings(String(trigger.queueName ?? '')).toLowerCase();
    } else if (summary.trigger === 'timer') {
      summary.schedule = resolveAppSettings(String(trigger.schedule ?? ''));
    }
  } catch (error) {
    throw new Error(`The '${name}' function is in error: ${(error as Error).message}`);
  }
  return { summary, registered, triggerName, trigger };
}

/** Describes every registered function, in registration order. */
export function describeFunctions(registry: CoreRegistry): FunctionDescriptor[] {
  return [...registry.functions.values()].map(describe);
}

/**
 * Bindings besides the trigger and an HTTP function's response that this host does not wire up;
 * they are reported at start-up because their data would otherwise vanish silently.
 */
export function unsupportedBindings(fn: FunctionDescriptor): string[] {
  return Object.entries(fn.registered.metadata.bindings)
    .filter(([bindingName, b]) => bindingName !== fn.triggerName && !(fn.summary.trigger === 'http' && b.type === 'http'))
    .map(([bindingName, b]) => `${bindingName} (${String(b.type)}, ${String(b.direction)})`);
}
