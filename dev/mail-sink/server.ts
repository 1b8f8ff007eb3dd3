import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildConnectionString, createAccessKey } from './credentials';
import { createMailSink, type MailSink } from './sink';
import type { MailSinkOptions } from './types';

export interface MailSinkServerOptions extends Omit<MailSinkOptions, 'accessKey'> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: the sink has no business off the machine). */
  host?: string;
  /** Default: a fresh random key (see `connectionString`). */
  accessKey?: string;
}

export interface RunningMailSink {
  sink: MailSink;
  /** `http://127.0.0.1:<port>/` — the ACS endpoint and the mailbox origin. */
  url: string;
  port: number;
  accessKey: string;
  /** For `new EmailClient(connectionString, { allowInsecureConnection: true })`. */
  connectionString: string;
  server: Server;
  close(): Promise<void>;
}

/** Runs a mail sink on its own HTTP server; ACS routes at the root, mailbox under /dev/. */
export async function startMailSinkServer(options: MailSinkServerOptions = {}): Promise<RunningMailSink> {
  const { port = 0, host = '127.0.0.1', accessKey = createAccessKey(), ...sinkOptions } = options;
  const sink = createMailSink({ ...sinkOptions, accessKey });
  const log = sinkOptions.log ?? (() => {});
  const server = createServer((req, res) => {
    sink
      .handle(req, res)
      .then((handled) => {
        if (!handled) {
          res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ error: { code: 'NotFound', message: 'Not a mail sink route.' } }));
        }
      })
      .catch((error: unknown) => {
        log(`mail-sink error ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${bound}/`;
  return {
    sink,
    url,
    port: bound,
    accessKey,
    connectionString: buildConnectionString(url, accessKey),
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
