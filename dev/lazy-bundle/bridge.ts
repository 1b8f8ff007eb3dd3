/**
 * What the deployment bundle's two halves share (see dev/bundle.ts): `main.js` registers every
 * function from a manifest with a stub handler and, on first use, imports `app.mjs`, whose
 * `@azure/functions` is `functions-facade.ts`. The facade hands each registration to this bridge
 * instead of the worker, and takes the runtime classes (HttpRequest, …) from the library that
 * `main.js` loaded, so both halves use one copy of it.
 */

/** The global the bridge lives under (a registered symbol, so both bundles find the same one). */
export const BRIDGE_KEY = Symbol.for('gatehouse.lazyFunctions');

/** The `app` methods the facade accepts; each becomes a manifest entry calling the same method. */
export const REGISTRATION_METHODS = [
  'http', 'get', 'put', 'post', 'patch', 'deleteRequest',
  'timer', 'storageQueue', 'storageBlob', 'serviceBusQueue', 'serviceBusTopic', 'eventHub', 'eventGrid',
  'cosmosDB', 'warmup', 'sql', 'mySql', 'webPubSub', 'generic',
] as const;
export type RegistrationMethod = (typeof REGISTRATION_METHODS)[number];

/** A registration without its handler: what `main.js` replays to the worker. JSON only. */
export interface FunctionRegistration {
  method: RegistrationMethod;
  name: string;
  options: Record<string, unknown>;
}

export type AnyHandler = (trigger: unknown, context: unknown) => unknown;

export interface LazyBridge {
  /** `@azure/functions` as loaded by `main.js` (or by the build's collector). */
  library: Record<string, unknown>;
  capture(method: RegistrationMethod, name: string, options: Record<string, unknown> & { handler: AnyHandler }): void;
}

export function installBridge(bridge: LazyBridge): void {
  (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] = bridge;
}

export function installedBridge(): LazyBridge {
  const bridge = (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] as LazyBridge | undefined;
  if (!bridge) throw new Error('app.mjs is loaded by main.js (the deployment bundle\'s entry), not on its own');
  return bridge;
}
