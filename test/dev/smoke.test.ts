import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azToken, main, parseSmokeArgs, runSmoke, UsageError } from '../../dev/smoke';
import { startRuntime, type TestRuntime } from '../support/runtime';

describe('npm run smoke against a running Gatehouse', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000' } });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when the app is healthy and the token may read the organization and invite, then every step passes', async () => {
    const token = await rt.token({ roles: ['Directory.Read.All', 'User.Invite.All'] });
    const steps = await runSmoke({ url: rt.url, resource: 'api://gatehouse', invite: `smoke-${Date.now()}@example.com`, redirect: 'https://example.com' }, async () => token);
    expect(steps.map((s) => [s.step, s.ok])).toEqual([
      ['health', true],
      ['token', true],
      ['organization', true],
      ['invitation', true],
    ]);
    expect(steps[2]!.detail).toContain('Fabrikam');
  });

  it('when the token lacks the right to read the organization, then the organization step fails with the Graph error and nothing is invited', async () => {
    const token = await rt.token({ roles: ['User.Invite.All'] });
    const steps = await runSmoke({ url: rt.url, token, invite: 'nobody@example.com', redirect: 'https://example.com' });
    expect(steps.map((s) => [s.step, s.ok])).toEqual([
      ['health', true],
      ['token', true],
      ['organization', false],
    ]);
    expect(steps[2]!.detail).toMatch(/403 Authorization_RequestDenied/);
  });

  it('when nothing answers at the URL, then the health step fails and the exit code is 1', async () => {
    const lines: string[] = [];
    expect(await main(['--url', 'http://127.0.0.1:9', '--token', 'a.b.c'], (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^FAIL health: /)]);
  });
});

describe('the smoke command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-smoke-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when no URL or neither resource nor token is given, then it explains the usage (exit code 2)', async () => {
    expect(() => parseSmokeArgs(['--resource', 'api://x'])).toThrow(UsageError);
    expect(() => parseSmokeArgs(['--url', 'https://x.example'])).toThrow('--resource (to ask az for a token) or --token is required');
    const lines: string[] = [];
    expect(await main(['--url', 'not a url', '--token', 't'], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toContain('usage: npm run smoke');
  });

  it('when a token is needed, then it asks `az account get-access-token` for the resource and uses what it prints', async () => {
    const argsFile = path.join(dir, 'args');
    const az = path.join(dir, 'az');
    writeFileSync(az, `#!/bin/sh\necho "$@" > '${argsFile}'\necho header.payload.signature\n`);
    chmodSync(az, 0o755);
    const token = await azToken('api://11111111-2222-3333-4444-555555555555', { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` });
    expect(token).toBe('header.payload.signature');
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('account get-access-token --resource api://11111111-2222-3333-4444-555555555555 --query accessToken -o tsv');
  });
});
