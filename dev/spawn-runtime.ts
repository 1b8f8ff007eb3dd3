import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadOrCreateDevIssuer, type DevIssuer } from './dev-issuer';

/** The whole local runtime (`dev/start`) started as a child process on free ports, for tests and benchmarks. */
export interface SpawnedRuntime {
  url: string;
  /** The first host's HTTPS base URL (the same routes; see dev/local-certs.ts). */
  httpsUrl: string;
  /** The certificate authority that signed its certificate (PEM file), for NODE_EXTRA_CA_CERTS. */
  caCert: string;
  /** Every functions host (`--hosts N`); the first is `url`. */
  urls: string[];
  /** Their process ids; the first is `process`. */
  hostPids: number[];
  servicesUrl: string;
  /** Azurite's connection string. */
  storage: string;
  azuritePid: number | undefined;
  /** The runtime's own `.dev` folder (GATEHOUSE_DEV_DIR), where `npm start` records what it runs. */
  devDir: string;
  /** Signs tokens this runtime accepts (its own `.dev` folder and issuer). */
  issuer: DevIssuer;
  process: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  /** The repository root (where `dist/dev/start.js` is). */
  root: string;
  env?: Record<string, string>;
  args?: string[];
  /** How long to wait for the ready line (default 60 s: on a loaded machine the start, with its seeding, can take over 30 s). */
  readyTimeoutMs?: number;
  /** Also receives every chunk of the runtime's log (stderr), for long runs that keep it. */
  onLog?: (chunk: string) => void;
}

/**
 * Starts `node dist/dev/start.js` (the built code, as `npm start` runs it) with every port free and
 * its own `.dev` folder, and resolves on its ready line. Free ports are chosen before listening, so
 * two runtimes starting at once can rarely draw the same one; such a start fails with EADDRINUSE
 * and is tried again.
 */
export async function spawnRuntime(options: SpawnOptions): Promise<SpawnedRuntime> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnce(options);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function spawnOnce(options: SpawnOptions): Promise<SpawnedRuntime> {
  const devDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-dev-'));
  const child = spawn(
    process.execPath,
    ['dist/dev/start.js', '--port', '0', '--services-port', '0', '--azurite-port', '0', '--json', ...(options.args ?? [])],
    { cwd: options.root, env: { ...process.env, GATEHOUSE_DEV_DIR: devDir, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
    options.onLog?.(chunk.toString());
  });
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const ready = await new Promise<Record<string, any>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready within ${timeoutMs / 1000} s\n${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const event = JSON.parse(line) as Record<string, any>;
        if (event['event'] === 'ready') {
          clearTimeout(timer);
          resolve(event);
        }
      } catch {
        // Not the ready line.
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code}\n${stderr}`));
    });
  });
  const issuer = await loadOrCreateDevIssuer({ dir: path.join(devDir, 'issuer'), issuer: ready['issuer']!, audience: ready['audience']! });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: ready['url']!,
    httpsUrl: ready['httpsUrl']!,
    caCert: ready['caCert']!,
    urls: ready['urls'] ?? [ready['url']],
    hostPids: ready['hostPids'] ?? [child.pid ?? 0],
    servicesUrl: ready['servicesUrl']!,
    storage: ready['storage']!,
    azuritePid: ready['azuritePid'] ? Number(ready['azuritePid']) : undefined,
    devDir,
    issuer,
    process: child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
