import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A further functions host of the same app, in a child process (one host per process). */
export interface ExtraHost {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts `dist/dev/local-host/cli.js` for the app with this process's environment (the same
 * settings and storage), on a port of its own: another instance of the app, as Flex Consumption
 * scales out. Its log lines go to `log` with the instance number; it exits when this process does.
 */
export async function startExtraHost(options: { appDir: string; port: number; instance: number; log: (line: string) => void }): Promise<ExtraHost> {
  const cli = path.join(__dirname, 'local-host', 'cli.js');
  const child = spawn(process.execPath, [cli, '--app-dir', options.appDir, '--port', String(options.port), '--exit-with-parent'], {
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  createInterface({ input: child.stderr! }).on('line', (line) => options.log(`[host ${options.instance}] ${line}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host ${options.instance} sent no ready line within 60 s`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"event"')) return;
      const event = JSON.parse(line) as Record<string, unknown>;
      if (event['event'] === 'ready') {
        clearTimeout(timer);
        resolve(event);
      } else if (event['event'] === 'error') {
        clearTimeout(timer);
        reject(new Error(`host ${options.instance} failed to start: ${String(event['message'])}`));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`host ${options.instance} exited before it was ready`));
    });
  });
  return {
    url: String(ready['url']),
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
