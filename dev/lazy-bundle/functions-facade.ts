import { installedBridge, REGISTRATION_METHODS, type AnyHandler, type RegistrationMethod } from './bridge';

/**
 * Stands in for `@azure/functions` inside `app.mjs` (dev/bundle.ts aliases it): `app.*`
 * registrations go to the bridge, everything else is the library `main.js` loaded. A function file
 * that uses an export not listed here fails the build ("No matching export"), never at run time.
 */
const bridge = installedBridge();
const library = bridge.library;

type Registrar = (name: string, options: AnyHandler | (Record<string, unknown> & { handler: AnyHandler })) => void;

function registrar(method: RegistrationMethod): Registrar {
  return (name, options) => bridge.capture(method, name, typeof options === 'function' ? { handler: options } : options);
}

function unsupported(what: string): () => never {
  return () => {
    throw new Error(`${what} is not supported by the lazily loaded bundle (dev/bundle.ts): register it in dev/lazy-bundle/lazy-main.ts`);
  };
}

export const app = {
  ...(Object.fromEntries(REGISTRATION_METHODS.map((m) => [m, registrar(m)])) as Record<RegistrationMethod, Registrar>),
  setup: unsupported('app.setup'),
  hook: new Proxy({}, { get: (_target, name) => unsupported(`app.hook.${String(name)}`) }),
};

export const HttpRequest = library.HttpRequest;
export const HttpResponse = library.HttpResponse;
export const InvocationContext = library.InvocationContext;
export const input = library.input;
export const output = library.output;
export const trigger = library.trigger;
