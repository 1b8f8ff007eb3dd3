import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { QueueClient } from '@azure/storage-queue';
import type { LocalFunction } from '../../../dev/local-host';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The compiled CLI: the tests run the built host, as `npm start` would. */
export const CLI = path.join(ROOT, 'dist', 'dev', 'local-host', 'cli.js');
export const SAMPLE_APP = path.join(ROOT, 'test', 'fixtures', 'sample-app');
export const fixtureApp = (name: string) => path.join(__dirname, 'fixtures', name);

/** Fresh queue names for one host, so hosts running in parallel never share a queue. */
export function sampleEnv(connectionString: string): Record<string, string> {
  const id = randomBytes(4).toString('hex');
  return {
    AzureWebJobsStorage: connectionString,
    SAMPLE_QUEUE: `lh-in-${id}`,
    SAMPLE_FAIL_QUEUE: `lh-fail-${id}`,
    SAMPLE_RECEIVED_QUEUE: `lh-rec-${id}`,
    SAMPLE_TIMER_QUEUE: `lh-tim-${id}`,
  };
}

export interface HostProcess {
  url: string;
  functions: LocalFunction[];
  process: ChildProcess;
  /** Everything the host wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

interface Launch {
  child: ChildProcess;
  events: Promise<Record<string, unknown>>;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function launch(appDir: string, env: Record<string, string | undefined>): Launch {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npx tsc -p ." in /work/main first`);
  const child = spawn(process.execPath, [CLI, '--app-dir', appDir, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const events = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host sent no ready or error event within 20 s\n${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout += `${line}\n`;
      if (!line.startsWith('{"event"')) return;
      const event = JSON.parse(line) as Record<string, unknown>;
      if (event.event === 'ready' || event.event === 'error') {
        clearTimeout(timer);
        resolve(event);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready\n${stderr}`));
    });
  });
  return { child, events, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Starts `cli.js` for an app in a child process and resolves once it prints its ready line. */
export async function spawnHost(appDir: string, env: Record<string, string | undefined>): Promise<HostProcess> {
  const run = launch(appDir, env);
  const ready = await run.events;
  if (ready.event !== 'ready') {
    run.child.kill('SIGKILL');
    throw new Error(`host failed to start: ${String(ready.message)}\n${run.stderr()}`);
  }
  return {
    url: String(ready.url),
    functions: ready.functions as LocalFunction[],
    process: run.child,
    stdout: run.stdout,
    stderr: run.stderr,
    async stop(signal = 'SIGTERM') {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
      return run.exited;
    },
  };
}

/** Starts `cli.js` for an app expected not to start; resolves with its error event and exit code. */
export async function spawnFailingHost(appDir: string, env: Record<string, string | undefined>) {
  const run = launch(appDir, env);
  const event = await run.events;
  if (event.event !== 'error') run.child.kill('SIGKILL');
  return { event, code: await run.exited, stderr: run.stderr() };
}

/**
 * Reads the records the sample app's handlers leave on a queue (base64 JSON, as producers must
 * write them), keeping every record seen so several waits can look at the same stream.
 */
export class RecordReader {
  readonly seen: Record<string, unknown>[] = [];
  readonly #queue: QueueClient;

  constructor(connectionString: string, queueName: string) {
    this.#queue = new QueueClient(connectionString, queueName);
  }

  async waitFor(predicate: (r: Record<string, unknown>) => boolean, count: number, timeoutMs = 10_000): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.seen.filter(predicate);
      if (matching.length >= count || Date.now() > deadline) return matching;
      await this.#queue.createIfNotExists();
      const { receivedMessageItems } = await this.#queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
      for (const item of receivedMessageItems) {
        this.seen.push(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8')) as Record<string, unknown>);
        await this.#queue.deleteMessage(item.messageId, item.popReceipt);
      }
      if (receivedMessageItems.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Base64 as a producer must encode a message for a queue trigger. */
export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
