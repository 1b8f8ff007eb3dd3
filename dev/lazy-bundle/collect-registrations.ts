import { installCoreShim } from '../local-host/core-shim';
import { installBridge, type FunctionRegistration } from './bridge';

/**
 * Build step (run by dev/bundle.ts in a child process with Azure-shaped settings): imports
 * `app.mjs` with a bridge that records each registration, and prints them as JSON. Anything in a
 * registration but its handler must survive JSON, since `main.js` replays it from the manifest.
 */
async function collect(appFile: string): Promise<FunctionRegistration[]> {
  installCoreShim();
  // Loaded after the shim: the library asks for @azure/functions-core when it loads.
  const library = require('@azure/functions') as Record<string, unknown>;
  const registrations: FunctionRegistration[] = [];
  installBridge({
    library,
    capture(method, name, options) {
      const { handler: _handler, ...rest } = options;
      const json = JSON.stringify(rest, (key, value: unknown) => {
        if (typeof value === 'function') throw new Error(`function ${name}: option ${key} is a function; only the handler may be one`);
        return value;
      });
      registrations.push({ method, name, options: JSON.parse(json) as Record<string, unknown> });
    },
  });
  await import(appFile);
  return registrations;
}

if (require.main === module) {
  collect(process.argv[2]!).then(
    (registrations) => process.stdout.write(`${JSON.stringify(registrations)}\n`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack ?? error.message : error);
      process.exitCode = 1;
    },
  );
}
