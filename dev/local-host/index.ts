import path from 'node:path';
import { createAdminHandler } from './admin';
import { loadEntryPoints, resolveEntryPoints } from './app-loader';
import { installCoreShim, type CoreRegistry } from './core-shim';
import { describeFunctions, unsupportedBindings, type FunctionDescriptor, type LocalFunction } from './functions';
import { readHostJson } from './host-json';
import { createLogSink, printFunctions } from './host-log';
import { startHttpServer, type ExtraRoutes, type TlsListener } from './http-server';
import { createInvoker } from './invoke';
import { createManualInvoke } from './manual-invoke';
import { createQueueRunner } from './queue-runner';
import { createRouteTable } from './route-table';
import { sleep } from './sleep';
import { createBlobTimerLock } from './timer-lock';
import { createTimerRunner } from './timer-runner';

export type { LocalFunction } from './functions';
export type { ExtraRoutes, TlsListener } from './http-server';

/** Options for {@link startLocalHost}. App settings come from `process.env`; set it first. */
export interface LocalHostOptions {
  /** The built app: its package.json `main` (a glob) names the entry points; host.json sits beside it. */
  appDir: string;
  /** Default 7071, as Core Tools; 0 picks a free port (see `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** Tried for paths outside the route prefix before the 404. */
  extraRoutes?: ExtraRoutes;
  /** One line per call; default console.log. */
  log?: (line: string) => void;
  /** How long stop() waits for running invocations and open requests; default 10 s. */
  stopTimeoutMs?: number;
  /** Also serve every route over HTTPS on this port with this certificate (on the same hostname). */
  https?: TlsListener;
}

/** A running local Functions host. */
export interface LocalHost {
  /** Base URL, e.g. `http://127.0.0.1:7071` (functions live under `/<routePrefix>/`). */
  url: string;
  /** The HTTPS base URL, e.g. `https://127.0.0.1:7443`, when started with the `https` option. */
  httpsUrl?: string;
  functions: ReadonlyArray<LocalFunction>;
  /** Invokes a non-HTTP function by name as the admin API does, resolving when it completes. */
  invoke(name: string, input?: unknown): Promise<void>;
  /** Stops triggers and the server, waits for running invocations (bounded), runs appTerminate hooks. */
  stop(): Promise<void>;
}

// Installed on import, like the worker does before loading anything: an app module that calls
// app.* before startLocalHost then still finds the core module instead of falling into test mode.
installCoreShim();

let startedInThisProcess = false;

/**
 * Hosts with the same `AzureFunctionsWebHost__hostid` are instances of one app: their timers take
 * a lease in AzureWebJobsStorage per occurrence, as the host does on Azure, so one of them runs it.
 * A host without a host id is an app of its own and runs every occurrence itself.
 */
function timerLock(hasTimers: boolean, log: (line: string) => void) {
  const storage = process.env['AzureWebJobsStorage'];
  const hostId = process.env['AzureFunctionsWebHost__hostid'];
  if (!hasTimers || !storage || !hostId) return undefined;
  return createBlobTimerLock(storage, hostId, log);
}

async function runAppHooks(registry: CoreRegistry, name: 'appStart' | 'appTerminate', appDir: string): Promise<void> {
  const context = { hookData: registry.appHookData, appHookData: registry.appHookData, functionAppDirectory: appDir };
  for (const hook of [...registry.hooks[name]]) await hook(context);
}

/** Loads the app through the stand-in core module, the way the worker does, and locks registration. */
async function loadApp(registry: CoreRegistry, appDir: string): Promise<FunctionDescriptor[]> {
  await loadEntryPoints(appDir, resolveEntryPoints(appDir));
  const streamError = new Error(
    'The app calls app.setup({ enableHttpStream: true }), which the local host does not support. Remove it (the ' +
      'host then passes whole request and response bodies) or run the app with Azure Functions Core Tools.',
  );
  if (registry.httpStreamRequested) throw streamError;
  // The worker asks for capabilities once the app is loaded; this also locks app.setup().
  const capabilities = await registry.programmingModel?.getCapabilities?.({});
  if (capabilities?.HttpUri) throw streamError;
  registry.indexingLocked = true;
  return describeFunctions(registry);
}

/**
 * Starts a local Azure Functions host for a built v4 Node app: it supplies `@azure/functions-core`,
 * loads the app's entry points, serves HTTP functions and the admin API, polls storage-queue
 * triggers and runs timer triggers with the host's semantics. Only one host per process: the app's
 * modules and `@azure/functions` are singletons, so run more hosts in child processes (cli.ts).
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  if (startedInThisProcess) throw new Error('startLocalHost runs once per process; start another host in a child process (dev/local-host/cli.ts)');
  startedInThisProcess = true;
  const rawLog = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => rawLog(`[${new Date().toISOString()}] ${line}`);
  const appDir = path.resolve(options.appDir);
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const settings = readHostJson(appDir);

  const registry = installCoreShim();
  registry.sink = createLogSink(log);
  const descriptors = await loadApp(registry, appDir);
  if (descriptors.length === 0) {
    log('No job functions found. (If @azure/functions registered them before dev/local-host was imported, it is in "test mode".)');
  }

  const byName = new Map(descriptors.map((d) => [d.summary.name.toLowerCase(), d]));
  const ofKind = (kind: LocalFunction['trigger']) => descriptors.filter((d) => d.summary.trigger === kind);
  const routeTable = createRouteTable(ofKind('http').map((d) => ({ name: d.summary.name, route: d.summary.route ?? d.summary.name, methods: d.summary.methods ?? [] })));
  const invoker = createInvoker(registry, log);
  const timers = createTimerRunner(ofKind('timer'), invoker, undefined, timerLock(ofKind('timer').length > 0, log));
  const queues = createQueueRunner(ofKind('queue'), settings.queues, invoker, log);
  const manual = createManualInvoke(byName, invoker, timers);
  const functions = descriptors.map((d) => Object.freeze({ ...d.summary }));

  await runAppHooks(registry, 'appStart', appDir);
  const server = await startHttpServer(
    {
      routePrefix: settings.routePrefix,
      routeTable,
      functions: new Map(ofKind('http').map((d) => [d.summary.name.toLowerCase(), d])),
      invoker,
      admin: createAdminHandler({ functions, invoke: manual.invoke, checkInvocable: manual.checkInvocable }),
      extraRoutes: options.extraRoutes,
      log,
    },
    options.port ?? 7071,
    options.hostname ?? '127.0.0.1',
    options.https,
  );
  printFunctions(rawLog, server.url, settings.routePrefix, functions);
  for (const warning of routeTable.azureOrderWarnings()) log(`Warning: ${warning}`);
  for (const fn of descriptors) {
    const ignored = unsupportedBindings(fn);
    if (ignored.length > 0) log(`Warning: the local host ignores these bindings of '${fn.summary.name}': ${ignored.join(', ')}`);
    if (fn.registered.metadata.retryOptions) log(`Warning: the local host ignores the retry policy of '${fn.summary.name}'`);
  }
  queues.start();
  timers.start();

  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    timers.stop();
    const closed = server.close(stopTimeoutMs);
    const giveUp = new AbortController();
    await Promise.race([queues.stop(), sleep(stopTimeoutMs, giveUp.signal)]);
    giveUp.abort();
    if (!(await invoker.drain(stopTimeoutMs))) log(`Warning: invocations still running after ${stopTimeoutMs} ms; stopping anyway`);
    try {
      await runAppHooks(registry, 'appTerminate', appDir);
    } catch (error) {
      log(`An appTerminate hook failed: ${(error as Error).stack ?? String(error)}`);
    }
    await closed;
  }

  return {
    url: server.url,
    ...(server.httpsUrl ? { httpsUrl: server.httpsUrl } : {}),
    functions,
    invoke: manual.invoke,
    stop: () => (stopping ??= stop()),
  };
}
