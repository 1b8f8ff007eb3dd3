import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createBlobTimerLock } from '../../../dev/local-host/timer-lock';
import { RecordReader, SAMPLE_APP, sampleEnv, spawnHost, type HostProcess } from './support';

/** Seconds (UTC) in which the sample app's `everySecond` timer ran, one entry per run. */
const runSeconds = (records: Record<string, unknown>[]) => records.map((r) => Math.floor(Date.parse(String(r['at'])) / 1000));
const duplicates = (seconds: number[]) => seconds.filter((s, i) => seconds.indexOf(s) !== i);

describe('timers on several hosts of one app', () => {
  const connectionString = inject('azuriteConnectionString');
  const hosts: HostProcess[] = [];
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
  });

  it('when two hosts share a host id, then each occurrence of a timer runs on exactly one of them', async () => {
    const env = { ...sampleEnv(connectionString), AzureFunctionsWebHost__hostid: `instances-${randomUUID().slice(0, 8)}` };
    hosts.push(await spawnHost(SAMPLE_APP, env), await spawnHost(SAMPLE_APP, env));
    const records = new RecordReader(connectionString, env.SAMPLE_TIMER_QUEUE);
    await new Promise((r) => setTimeout(r, 5_000));
    const seconds = runSeconds(await records.waitFor((r) => r['fn'] === 'everySecond', 1_000, 1_000));
    expect(seconds.length).toBeGreaterThanOrEqual(3);
    expect(duplicates(seconds)).toEqual([]);
  }, 30_000);

  it('when two hosts have different host ids (two apps), then both run the same occurrences', async () => {
    const env = sampleEnv(connectionString);
    const a = await spawnHost(SAMPLE_APP, { ...env, AzureFunctionsWebHost__hostid: `app-a-${randomUUID().slice(0, 8)}` });
    const b = await spawnHost(SAMPLE_APP, { ...env, AzureFunctionsWebHost__hostid: `app-b-${randomUUID().slice(0, 8)}` });
    hosts.push(a, b);
    const records = new RecordReader(connectionString, env.SAMPLE_TIMER_QUEUE);
    await new Promise((r) => setTimeout(r, 4_000));
    const seconds = runSeconds(await records.waitFor((r) => r['fn'] === 'everySecond', 1_000, 1_000));
    expect(duplicates(seconds).length).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('when many hosts race for one occurrence, then the work runs once; a later occurrence runs again', async () => {
    const hostId = `race-${randomUUID().slice(0, 8)}`;
    const locks = Array.from({ length: 6 }, () => createBlobTimerLock(connectionString, hostId, () => undefined));
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
    };
    const occurrence = new Date('2026-01-01T00:05:00Z');
    const won = await Promise.all(locks.map((lock) => lock.runOccurrence('sweep', occurrence, work)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    // A host whose clock fires after the winner finished finds the occurrence done.
    expect(await locks[0]!.runOccurrence('sweep', occurrence, work)).toBe(false);
    expect(await locks[1]!.runOccurrence('sweep', new Date('2026-01-01T00:10:00Z'), work)).toBe(true);
    expect(runs).toBe(2);
  });
});
