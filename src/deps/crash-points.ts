/**
 * Crash points: a test seam for the crash-recovery tests, inert unless the process was started with
 * the local runtime's preload (`node --require dist/dev/crash-points.js …`), which puts a hook on
 * `globalThis`. With no hook (always so in Azure) `withCrashPoints` returns its argument untouched:
 * no wrapper, no cost per call. With one, every method call of the wrapped port reports
 * `<name>.<method>:before` and `:after`, and the hook may end the process there.
 */
export type CrashPointHook = (point: string) => void;

const HOOK = Symbol.for('gatehouse.crashPoints');

/** The installed hook, if any (read once per wrapper, when the composition root builds a port). */
export function crashPointHook(): CrashPointHook | undefined {
  const hook = (globalThis as Record<symbol, unknown>)[HOOK];
  return typeof hook === 'function' ? (hook as CrashPointHook) : undefined;
}

/** Installs the hook (the dev preload does this; nothing in the app does). */
export function installCrashPointHook(hook: CrashPointHook): void {
  (globalThis as Record<symbol, unknown>)[HOOK] = hook;
}

/** `target` itself, or with a hook installed, a view of it whose methods report around each call (after settling, for promises). */
export function withCrashPoints<T extends object>(name: string, target: T): T {
  const hook = crashPointHook();
  if (!hook) return target;
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        hook(`${name}.${property}:before`);
        const result = method.apply(object, args);
        if (!(result instanceof Promise)) {
          hook(`${name}.${property}:after`);
          return result;
        }
        return result.then((settled: unknown) => {
          hook(`${name}.${property}:after`);
          return settled;
        });
      };
    },
  });
}
