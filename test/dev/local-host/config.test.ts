import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGlob } from '../../../dev/local-host/glob';
import { parseTimeSpan, resolveAppSettings, toHostSettings } from '../../../dev/local-host/host-json';
import { decodeMessageText } from '../../../dev/local-host/queue-message';
import { SAMPLE_APP } from './support';

describe('host.json settings', () => {
  it('when host.json says nothing, then the runtime defaults apply', () => {
    expect(toHostSettings({ version: '2.0' })).toEqual({
      routePrefix: 'api',
      queues: { maxPollingIntervalMs: 60_000, visibilityTimeoutMs: 0, batchSize: 16, maxDequeueCount: 5, newBatchThreshold: 8, messageEncoding: 'base64' },
    });
  });

  it('when queue settings are given, then TimeSpans are read and newBatchThreshold follows batchSize', () => {
    const { queues, routePrefix } = toHostSettings({
      extensions: { http: { routePrefix: '' }, queues: { maxPollingInterval: '00:00:00.2', visibilityTimeout: '00:00:30', batchSize: 4, messageEncoding: 'None' } },
    });
    expect(routePrefix).toBe('');
    expect(queues).toEqual({ maxPollingIntervalMs: 200, visibilityTimeoutMs: 30_000, batchSize: 4, maxDequeueCount: 5, newBatchThreshold: 2, messageEncoding: 'none' });
  });

  it('when a value is out of range, then reading host.json fails naming the setting', () => {
    expect(() => toHostSettings({ extensions: { queues: { batchSize: 64 } } })).toThrow(/extensions\.queues\.batchSize/);
    expect(() => toHostSettings({ extensions: { queues: { messageEncoding: 'utf8' } } })).toThrow(/messageEncoding/);
    expect(() => parseTimeSpan('2 seconds', 'x')).toThrow(/TimeSpan/);
  });

  it('when TimeSpans carry days or fractions, then they convert to milliseconds', () => {
    expect(parseTimeSpan('1.00:00:01.5', 'x')).toBe(86_401_500);
    expect(parseTimeSpan('00:01', 'x')).toBe(60_000);
  });

  it('when a value references %Setting%, then it comes from the environment, and a missing one is an error', () => {
    expect(resolveAppSettings('%QUEUE%-x', { QUEUE: 'mail' })).toBe('mail-x');
    expect(() => resolveAppSettings('%NOPE%', {})).toThrow("The app setting 'NOPE' referenced as '%NOPE%' is not defined");
  });
});

describe('package.json main globs', () => {
  const rel = (files: string[]) => files.map((f) => path.relative(SAMPLE_APP, f));

  it('when main is a glob, then it expands to the matching files, sorted', () => {
    expect(rel(expandGlob(SAMPLE_APP, 'functions/*.js'))).toEqual(['functions/hooks.js', 'functions/http.js', 'functions/queues.js', 'functions/timers.js']);
  });

  it('when main uses braces or **, then those expand too', () => {
    expect(rel(expandGlob(SAMPLE_APP, '{record.js,functions/t*.js}'))).toEqual(['functions/timers.js', 'record.js']);
    expect(rel(expandGlob(SAMPLE_APP, './**/h*.js'))).toEqual(['functions/hooks.js', 'functions/http.js']);
    expect(expandGlob(SAMPLE_APP, 'dist/*.js')).toEqual([]);
  });
});

describe('queue message decoding', () => {
  it('when the encoding is base64, then valid base64 decodes and anything else is refused', () => {
    expect(decodeMessageText(Buffer.from('{"a":1}').toString('base64'), 'base64')?.toString()).toBe('{"a":1}');
    expect(decodeMessageText('not base64!', 'base64')).toBeNull();
    expect(decodeMessageText('abc', 'base64')).toBeNull();
  });

  it("when the encoding is 'none', then the text is taken as is", () => {
    expect(decodeMessageText('plain {text}', 'none')?.toString()).toBe('plain {text}');
  });
});
