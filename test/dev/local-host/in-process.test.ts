import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalHost, type LocalHost } from '../../../dev/local-host';
import { RecordReader, SAMPLE_APP, sampleEnv } from './support';

// startLocalHost loads the app into this process; vitest runs each test file in its own process.
describe('startLocalHost in process (the API npm start uses)', () => {
  const connectionString = inject('azuriteConnectionString');
  const env = sampleEnv(connectionString);
  const lines: string[] = [];
  let host: LocalHost;

  beforeAll(async () => {
    Object.assign(process.env, env);
    host = await startLocalHost({
      appDir: SAMPLE_APP,
      port: 0,
      log: (line) => lines.push(line),
      stopTimeoutMs: 2_000,
      extraRoutes: async (req, res) => {
        if (req.url !== '/dev/ping') return false;
        res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
        return true;
      },
    });
  }, 30_000);
  afterAll(async () => {
    await host?.stop();
  });

  it('when a path is outside the route prefix, then extraRoutes may answer it before the 404', async () => {
    const ping = await fetch(`${host.url}/dev/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.text()).toBe('pong');
    expect((await fetch(`${host.url}/dev/other`)).status).toBe(404);
  });

  it('when extraRoutes would match a path under the prefix, then only functions are considered there', async () => {
    expect((await fetch(`${host.url}/api/dev/ping`)).status).toBe(404);
  });

  it('when invoke() runs a queue function, then it resolves after the handler ran with the input as the message', async () => {
    await host.invoke('recordMessage', { via: 'invoke' });
    const records = new RecordReader(connectionString, env.SAMPLE_RECEIVED_QUEUE!);
    const [record] = await records.waitFor((r) => (r.message as { via?: string } | undefined)?.via === 'invoke', 1, 2_000);
    expect(record).toMatchObject({ fn: 'recordMessage', type: 'object', dequeueCount: 0 });
  });

  it('when invoke() runs a function that throws, then it rejects with that error', async () => {
    await expect(host.invoke('alwaysFails', 'x')).rejects.toThrow('this handler always fails');
    await expect(host.invoke('getUser')).rejects.toThrow(/HTTP function/);
    await expect(host.invoke('missing')).rejects.toThrow(/No function named 'missing'/);
  });

  it('when the host logs, then every line goes to the log option: the function list and timestamped invocations', () => {
    expect(lines).toContain('Functions:');
    expect(lines).toContain(`  noRoute: [GET] ${host.url}/api/noRoute`);
    expect(lines.some((l) => /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] Executed 'Functions\.recordMessage' \(Succeeded/.test(l))).toBe(true);
  });

  it('when startLocalHost is called twice in one process, then the second call is refused', async () => {
    await expect(startLocalHost({ appDir: SAMPLE_APP, port: 0 })).rejects.toThrow(/runs once per process/);
  });
});
