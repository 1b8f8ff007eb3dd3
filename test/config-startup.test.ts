import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { spawnFailingHost } from './dev/local-host/support';

const sample = (JSON.parse(readFileSync('local.settings.sample.json', 'utf8')) as { Values: Record<string, string> }).Values;

describe('start-up of the built app', () => {
  it('when AUTH_ISSUER=notaurl, then the app does not start and the error names AUTH_ISSUER', async () => {
    const env = { ...sample, AzureWebJobsStorage: inject('azuriteConnectionString'), AUTH_ISSUER: 'notaurl' };
    const { event, code } = await spawnFailingHost(path.resolve(__dirname, '..'), env);
    expect(code).toBe(1);
    expect(String(event.message)).toContain('AUTH_ISSUER (must be an absolute URL');
  }, 60_000);
});
