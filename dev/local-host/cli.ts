import { parseArgs } from 'node:util';
import { startLocalHost } from './index';

/**
 * Runs one local host in this process for tools and tests:
 *   node dist/dev/local-host/cli.js --app-dir <dir> [--port 7071] [--hostname 127.0.0.1] [--exit-with-parent]
 * (`--exit-with-parent`: stop when stdin closes, i.e. when the parent that holds its other end dies.)
 * stdout carries one JSON line per lifecycle event (`ready` with url and functions, `stopped`,
 * `error`); host logs go to stderr. SIGTERM or SIGINT stops the host and exits 0.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'app-dir': { type: 'string' },
      port: { type: 'string', default: '7071' },
      hostname: { type: 'string', default: '127.0.0.1' },
      'exit-with-parent': { type: 'boolean', default: false },
    },
  });
  const appDir = values['app-dir'];
  const port = Number(values.port);
  if (!appDir || !Number.isInteger(port) || port < 0) {
    throw new Error('usage: cli.js --app-dir <dir> [--port <n>] [--hostname <host>]');
  }
  const event = (body: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(body)}\n`);
  const host = await startLocalHost({
    appDir,
    port,
    hostname: values.hostname,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    host.stop().then(
      () => {
        event({ event: 'stopped' });
        process.exit(0);
      },
      (error: unknown) => {
        event({ event: 'error', message: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  if (values['exit-with-parent']) {
    process.stdin.on('end', shutdown);
    process.stdin.resume();
  }
  event({ event: 'ready', url: host.url, functions: host.functions });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.stdout.write(`${JSON.stringify({ event: 'error', message: (error as Error).message })}\n`);
  process.exit(1);
});
