import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Azurite's well-known development account (public; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Keep data in this folder instead of memory. */
  location?: string;
  /** Ports; 0 (default) picks free ones. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  /** Print Azurite's own output. */
  verbose?: boolean;
}

export interface RunningAzurite {
  connectionString: string;
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Benchmarks set GATEHOUSE_AZURITE_INDEXED_LOOKUPS=1 so Azurite finds an entity by its keys
 * without scanning the table (see dev/azurite-indexed-lookups.ts); tests run Azurite as shipped.
 */
function indexedLookupsPreload(): string[] {
  if (process.env['GATEHOUSE_AZURITE_INDEXED_LOOKUPS'] !== '1') return [];
  const preload = path.join(__dirname, 'azurite-indexed-lookups.js');
  if (!existsSync(preload)) throw new Error(`GATEHOUSE_AZURITE_INDEXED_LOOKUPS needs the built ${preload} (run tsc)`);
  return ['--require', preload];
}

/**
 * Starts Azurite from npm as a child process with telemetry off, in memory unless `location` is
 * given, and resolves once all three services report the ports they listen on.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const cli = require.resolve('azurite/dist/src/azurite.js');
  const args = [
    // Exit when our end of stdin closes, i.e. when the parent dies however it dies: no orphans.
    '--import',
    'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.resume();process.stdin.unref();',
    ...indexedLookupsPreload(),
    cli,
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
    '--blobPort', String(options.blobPort ?? 0),
    '--queuePort', String(options.queuePort ?? 0),
    '--tablePort', String(options.tablePort ?? 0),
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', path.resolve(options.location));
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const endpoints: Record<string, string> = {};
  let output = '';

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (options.verbose) process.stdout.write(`[azurite] ${text}`);
      for (const m of text.matchAll(/Azurite (Blob|Queue|Table) service is successfully listening at (\S+)/g)) {
        endpoints[m[1]!.toLowerCase()] = m[2]!;
      }
      if (endpoints.blob && endpoints.queue && endpoints.table) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}:\n${output}`));
    });
  });

  const withAccount = (url: string) => `${url.replace(/\/$/, '')}/${DEV_ACCOUNT}`;
  const blobEndpoint = withAccount(endpoints.blob!);
  const queueEndpoint = withAccount(endpoints.queue!);
  const tableEndpoint = withAccount(endpoints.table!);
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`;

  return {
    connectionString,
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
