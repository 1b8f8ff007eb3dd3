import { describe, expect, inject, it } from 'vitest';
import { fixtureApp, SAMPLE_APP, sampleEnv, spawnFailingHost, spawnHost } from './support';

describe('local host start-up and shutdown (cli.js)', () => {
  const env = () => sampleEnv(inject('azuriteConnectionString'));

  it('when it starts, then it prints the functions like Core Tools and one ready line with the URL', async () => {
    const host = await spawnHost(SAMPLE_APP, env());
    try {
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const stderr = host.stderr();
      expect(stderr).toContain('Functions:\n');
      expect(stderr).toContain(`  echo: [POST,PUT] ${host.url}/api/echo\n`);
      expect(stderr).toContain(`  getUser: [GET] ${host.url}/api/users/{id}\n`);
      expect(stderr).toMatch(/ {2}recordMessage: queueTrigger \(queue: lh-in-[0-9a-f]{8}\)\n/);
      expect(stderr).toContain('  everySecond: timerTrigger (schedule: */1 * * * * *)\n');
      expect(host.stdout().split('\n').filter((l) => l.startsWith('{"event":"ready"'))).toHaveLength(1);
    } finally {
      await host.stop();
    }
  });

  it('when it receives SIGTERM, then it runs appTerminate hooks, reports stopped and exits 0', async () => {
    const host = await spawnHost(SAMPLE_APP, env());
    const code = await host.stop('SIGTERM');
    expect(code).toBe(0);
    const lines = host.stdout().trim().split('\n');
    expect(lines).toContain('[sample-app] appTerminate hook ran');
    expect(lines.at(-1)).toBe('{"event":"stopped"}');
    expect(lines.indexOf('[sample-app] appTerminate hook ran')).toBeLessThan(lines.length - 1);
  });

  it('when a timer schedule is not NCRONTAB, then start-up fails naming the function and the schedule', async () => {
    const { event, code } = await spawnFailingHost(fixtureApp('bad-schedule-app'), {});
    expect(code).toBe(1);
    expect(event).toEqual({
      event: 'error',
      message:
        "The 'badSchedule' function is in error: The schedule expression '0 */5 * * *' was not recognized as a valid cron expression or timespan string.",
    });
  });

  it('when the app enables HTTP streaming, then start-up fails with a clear message', async () => {
    const { event, code } = await spawnFailingHost(fixtureApp('stream-app'), {});
    expect(code).toBe(1);
    expect(String(event.message)).toMatch(/app\.setup\(\{ enableHttpStream: true \}\), which the local host does not support/);
  });

  it('when a queue trigger names a connection setting that is not set, then start-up fails naming the function and setting', async () => {
    const { event, code } = await spawnFailingHost(SAMPLE_APP, { ...env(), AzureWebJobsStorage: undefined });
    expect(code).toBe(1);
    expect(String(event.message)).toMatch(
      /^The 'recordMessage' function is in error: Storage account connection string 'AzureWebJobsStorage' does not exist/,
    );
  });

  it('when a queue name comes from an app setting that is not set, then start-up fails naming the function and setting', async () => {
    const { event } = await spawnFailingHost(SAMPLE_APP, { ...env(), SAMPLE_QUEUE: undefined });
    expect(event.message).toBe("The 'recordMessage' function is in error: The app setting 'SAMPLE_QUEUE' referenced as '%SAMPLE_QUEUE%' is not defined");
  });
});
