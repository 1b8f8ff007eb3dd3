import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadOrCreateDevIssuer, type DevIssuer } from '../../dev/dev-issuer';

/** A whole local runtime (`dev/start`: Azurite, dev services, functions host) started on free ports. */
export interface TestRuntime {
  url: string;
  servicesUrl: string;
  storage: string;
  issuer: DevIssuer;
  process: ChildProcess;
  azuritePid: number | undefined;
  /** Signs a token the runtime accepts. */
  token(opts?: Parameters<DevIssuer['signToken']>[0]): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node dist/dev/start.js` (the built code, as `npm start` runs it) with every port free and
 * its own `.dev` folder, and resolves when it prints its ready line.
 */
export async function startRuntime(options: { env?: Record<string, string>; args?: string[] } = {}): Promise<TestRuntime> {
  // Free ports are chosen before listening, so two runtimes starting at once can rarely draw the
  // same one; such a start fails with EADDRINUSE and is simply tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRuntimeOnce(options);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startRuntimeOnce(options: { env?: Record<string, string>; args?: string[] }): Promise<TestRuntime> {
  const devDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-dev-'));
  const child = spawn(
    process.execPath,
    ['dist/dev/start.js', '--port', '0', '--services-port', '0', '--azurite-port', '0', '--json', ...(options.args ?? [])],
    { cwd: path.resolve(__dirname, '..', '..'), env: { ...process.env, GATEHOUSE_DEV_DIR: devDir, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready within 30 s\n${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const event = JSON.parse(line) as Record<string, string>;
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
    servicesUrl: ready['servicesUrl']!,
    storage: ready['storage']!,
    azuritePid: ready['azuritePid'] ? Number(ready['azuritePid']) : undefined,
    issuer,
    process: child,
    token: (opts) => issuer.signToken(opts),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
