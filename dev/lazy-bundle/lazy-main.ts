import * as functions from '@azure/functions';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installBridge, type AnyHandler, type FunctionRegistration } from './bridge';

/**
 * The deployment bundle's entry (`main.js`). Loading it costs little more than loading
 * `@azure/functions`: it registers every function from the manifest the build collected, each with
 * a stub that imports the app (`app.mjs` and its chunks) on first use and then calls the real
 * handler. The app is also imported as soon as the worker is idle after registration, so the
 * first request usually finds it loaded; a bad setting then fails that import, is logged, and
 * every invocation answers with the same error.
 */
declare const GATEHOUSE_REGISTRATIONS: readonly FunctionRegistration[];
declare const GATEHOUSE_APP_FILE: string;

const handlers = new Map<string, AnyHandler>();
installBridge({
  library: functions as unknown as Record<string, unknown>,
  capture: (_method, name, options) => void handlers.set(name, options.handler),
});

let loading: Promise<Map<string, AnyHandler>> | undefined;
/** Imports the app once; what it builds (clients, keys, caches) lives in its module scope from then on. */
export function loadApp(): Promise<Map<string, AnyHandler>> {
  return (loading ??= import(pathToFileURL(path.join(__dirname, GATEHOUSE_APP_FILE)).href).then(() => handlers));
}

type Register = (name: string, options: Record<string, unknown>) => void;
const register = functions.app as unknown as Record<string, Register>;
for (const { method, name, options } of GATEHOUSE_REGISTRATIONS) {
  register[method]!.call(functions.app, name, {
    ...options,
    handler: async (trigger: unknown, context: unknown) => {
      const handler = (await loadApp()).get(name);
      if (!handler) throw new Error(`function ${name} is in the manifest but the app did not register it`);
      return handler(trigger, context);
    },
  });
}

setImmediate(() => {
  loadApp().catch((error: unknown) => console.error('Gatehouse failed to load:', error instanceof Error ? error.message : error));
});
