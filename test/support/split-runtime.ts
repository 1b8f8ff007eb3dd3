import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadOrCreateDevIssuer, type DevIssuer } from '../../dev/dev-issuer';

const root = path.resolve(__dirname, '..', '..');

/**
 * The local runtime split in two, so a test can kill the functions host alone: one process runs
 * Azurite and the dev services (`dev/start --services-only`), and the host (`dev/local-host/cli`)
 * runs as a child of the test that can be SIGKILLed and started again on the same storage, port
 * and mail sink. Hosts are started with the crash-point preload (`dev/crash-points`).
 */
export interface SplitRuntime {
  /** Where the host listens (the same after every restart). */
  url: string;
  servicesUrl: string;
  storage: string;
  issuer: DevIssuer;
  token(opts?: Parameters<DevIssuer['signToken']>[0]): Promise<string>;
  /** Starts a host; `env` adds settings or crash points (GATEHOUSE_CRASH_AT). */
  startHost(env?: Record<string, string>): Promise<HostProcess>;
  stop(): Promise<void>;
}

export interface HostProcess {
  process: ChildProcess;
  /** Resolves with the signal or exit code once the host is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines of its stderr. */
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function readyLine(child: ChildProcess, what: string, stderr: () => string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} not ready within ${timeoutMs / 1000} s\n${stderr()}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const event = JSON.parse(line) as Record<string, unknown>;
        if (event['event'] === 'ready') {
          clearTimeout(timer);
          resolve(event);
        }
      } catch {
        // Not the ready line.
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready\n${stderr()}`));
    });
  });
}

function tail(child: ChildProcess): () => string {
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  });
  return () => text;
}

export async function startSplitRuntime(env: Record<string, string> = {}): Promise<SplitRuntime> {
  const devDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-dev-'));
  const services = spawn(process.execPath, ['dist/dev/start.js', '--services-only', '--json', '--port', '0', '--services-port', '0', '--azurite-port', '0'], {
    cwd: root,
    env: { ...process.env, GATEHOUSE_DEV_DIR: devDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const servicesErr = tail(services);
  const ready = await readyLine(services, 'dev services', servicesErr);
  const appSettings = ready['appSettings'] as Record<string, string>;
  const issuer = await loadOrCreateDevIssuer({ dir: path.join(devDir, 'issuer'), issuer: String(ready['issuer']), audience: String(ready['audience']) });
  const port = new URL(String(ready['url'])).port;
  const hosts = new Set<HostProcess>();

  async function startHost(extra: Record<string, string> = {}): Promise<HostProcess> {
    const child = spawn(process.execPath, ['--require', './dist/dev/crash-points.js', 'dist/dev/local-host/cli.js', '--app-dir', root, '--port', port], {
      cwd: root,
      env: { ...process.env, ...appSettings, ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr = tail(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const host: HostProcess = {
      process: child,
      exited,
      stderr,
      async kill(signal: NodeJS.Signals = 'SIGKILL') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
    };
    hosts.add(host);
    void exited.then(() => hosts.delete(host));
    await readyLine(child, 'functions host', stderr);
    return host;
  }

  return {
    url: String(ready['url']),
    servicesUrl: String(ready['servicesUrl']),
    storage: String(ready['storage']),
    issuer,
    token: (opts) => issuer.signToken(opts),
    startHost,
    async stop() {
      await Promise.all([...hosts].map((h) => h.kill('SIGKILL')));
      if (services.exitCode === null) {
        const gone = new Promise((resolve) => services.once('exit', resolve));
        services.kill('SIGTERM');
        await gone;
      }
    },
  };
}
