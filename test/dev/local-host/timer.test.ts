import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RecordReader, SAMPLE_APP, sampleEnv, spawnHost, type HostProcess } from './support';

interface TimerRecord {
  fn: string;
  at: string;
  timer: { isPastDue: boolean; schedule: { adjustForDST: boolean }; scheduleStatus: { last: string; next: string; lastUpdated: string } };
}

describe('local host timer triggers and admin invocation', () => {
  const connectionString = inject('azuriteConnectionString');
  const env = sampleEnv(connectionString);
  let host: HostProcess;
  let records: RecordReader;

  beforeAll(async () => {
    host = await spawnHost(SAMPLE_APP, env);
    records = new RecordReader(connectionString, env.SAMPLE_TIMER_QUEUE!);
  }, 30_000);
  afterAll(async () => {
    await host?.stop();
  });

  const admin = (name: string, body: string) => fetch(`${host.url}/admin/functions/${name}`, { method: 'POST', body });

  it('when a timer function is invoked with POST /admin/functions/<name>, then it answers 202 and the function runs with a timer object', async () => {
    const res = await admin('nightly', JSON.stringify({ input: '' }));
    expect(res.status).toBe(202);
    const [run] = (await records.waitFor((r) => r.fn === 'nightly', 1)) as unknown as TimerRecord[];
    expect(run!.timer).toEqual({
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: '0001-01-01T00:00:00.000Z', next: expect.stringMatching(/T03:00:00\.000Z$/), lastUpdated: expect.any(String) },
    });
  });

  it('when the admin API names an unknown or an HTTP function, or sends a body that is not JSON, then it refuses', async () => {
    expect((await admin('noSuchFunction', '{}')).status).toBe(404);
    expect((await admin('getUser', '{}')).status).toBe(400);
    expect((await admin('nightly', 'not json')).status).toBe(400);
  });

  it('when the schedule is */1 * * * * *, then the function runs on each whole second, one run at a time', async () => {
    const runs = (await records.waitFor((r) => r.fn === 'everySecond', 3, 6_000)) as unknown as TimerRecord[];
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const run of runs) {
      expect(run.timer.isPastDue).toBe(false);
      expect(new Date(run.at).getUTCMilliseconds()).toBeLessThan(500);
      expect(Date.parse(run.timer.scheduleStatus.next) % 1000).toBe(0);
    }
    const seconds = runs.map((r) => Math.floor(Date.parse(r.at) / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
    // After the first run, `last` names the previous occurrence.
    expect(runs.slice(1).every((r) => r.timer.scheduleStatus.last !== '0001-01-01T00:00:00.000Z')).toBe(true);
  });
});
