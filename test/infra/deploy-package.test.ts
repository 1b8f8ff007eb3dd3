import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_LIKE_SETTINGS } from '../../bench/module-load';
import { BUNDLE_FILE, bundleApp, DEPLOY_DIR } from '../../dev/bundle';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Loads a bundle in a fresh Node with a minimal `@azure/functions-core` stand-in hooked into
 * `require` (as the worker does) and prints what got registered, plus `globalThis.__where`.
 */
const LOAD_WITH_STAND_IN = `
const Module = require('node:module');
const names = [];
const core = {
  setProgrammingModel() {},
  registerFunction(metadata) { names.push(metadata.name); return { dispose() {} }; },
  registerHook() { return { dispose() {} }; },
  log() {},
};
const original = Module.prototype.require;
Module.prototype.require = function (id) { return id === '@azure/functions-core' ? core : original.apply(this, arguments); };
require(process.argv[1]);
console.log(JSON.stringify({ names, where: globalThis.__where ?? null }));
`;

function loadBundle(mainFile: string, env: Record<string, string> = {}): { names: string[]; where: string | null } {
  const out = execFileSync(process.execPath, ['-e', LOAD_WITH_STAND_IN, mainFile], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { names: string[]; where: string | null };
}

const scratch: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bundle-'));
  scratch.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fixtureApp(functions: Record<string, string>): string {
  const root = tempDir();
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.2.3', main: 'dist/src/functions/*.js' }));
  writeFileSync(path.join(root, 'host.json'), '{ "version": "2.0" }\n');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  mkdirSync(path.join(root, 'src', 'functions'), { recursive: true });
  for (const [file, source] of Object.entries(functions)) writeFileSync(path.join(root, 'src', 'functions', file), source);
  return root;
}

describe('the deployable package (dev/bundle.ts)', () => {
  it('when an app is bundled, then the package holds one CommonJS bundle, its package.json main and host.json', async () => {
    const root = fixtureApp({ 'ping.ts': `import { app } from '@azure/functions';\napp.http('ping', { handler: async () => ({ body: 'pong' }) });\n` });
    const result = await bundleApp(root);
    expect(result.outDir).toBe(path.join(root, DEPLOY_DIR));
    expect(JSON.parse(readFileSync(path.join(result.outDir, 'package.json'), 'utf8'))).toMatchObject({ name: 'fixture', version: '1.2.3', main: BUNDLE_FILE });
    expect(readFileSync(path.join(result.outDir, 'host.json'), 'utf8')).toBe('{ "version": "2.0" }\n');
    expect(readFileSync(result.mainFile, 'utf8')).toContain('require("@azure/functions-core")');
  });

  it('when the bundle loads under a worker-style core stand-in, then every function registers, in file order', async () => {
    const root = fixtureApp({
      'a-ping.ts': `import { app } from '@azure/functions';\napp.http('ping', { handler: async () => ({ body: 'pong' }) });\n`,
      'b-tick.ts': `import { app } from '@azure/functions';\napp.timer('tick', { schedule: '0 */5 * * * *', handler: async () => undefined });\n`,
    });
    const { mainFile } = await bundleApp(root, path.join(tempDir(), 'out'));
    expect(loadBundle(mainFile).names).toEqual(['ping', 'tick']);
  });

  it('when code reads import.meta.url, then the CommonJS bundle gives it the bundle file URL', async () => {
    const root = fixtureApp({ 'where.ts': `(globalThis as any).__where = import.meta.url;\n` });
    const { mainFile } = await bundleApp(root);
    expect(loadBundle(mainFile).where).toBe(pathToFileURL(mainFile).href);
  });

  it('when there are no function files, then bundling fails and says so', async () => {
    const root = fixtureApp({});
    await expect(bundleApp(root)).rejects.toThrow(/no function files/);
  });

  it('when the real app is bundled and loaded with Azure-shaped settings, then its functions register (health among them)', async () => {
    const { mainFile, entries } = await bundleApp(ROOT, path.join(tempDir(), 'out'));
    expect(entries).toContain('src/functions/health.ts');
    expect(loadBundle(mainFile, { ...AZURE_LIKE_SETTINGS }).names).toContain('health');
  });
});

describe('azure.yaml', () => {
  const yaml = readFileSync(path.join(ROOT, 'azure.yaml'), 'utf8');

  it('when azd reads it, then service api is a js Function App built from the project root', () => {
    expect(yaml).toMatch(/^services:\n  api:\n(    .+\n)+/m);
    for (const line of ['project: .', 'language: js', 'host: function']) expect(yaml).toContain(`    ${line}\n`);
  });

  it('when azd deploys service api, then it ships the locally built bundle as is (no remote build) and requires an azd that honours that', () => {
    expect(yaml).toContain('    remoteBuild: false\n');
    const required = /^requiredVersions:\n  azd: '>= (\d+)\.(\d+)\.(\d+)'$/m.exec(yaml);
    expect(required).not.toBeNull();
    // remoteBuild for Flex Consumption function apps arrived in azd 1.23.5 (azure-dev changelog, #6748).
    const [major, minor, patch] = required!.slice(1).map(Number) as [number, number, number];
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(1_023_005);
  });

  it('when azd packages service api, then it deploys the folder dev/bundle.ts writes', () => {
    expect(yaml).toContain(`    dist: ${DEPLOY_DIR}\n`);
  });

  it('when azd provisions, then it uses infra/main.bicep', () => {
    expect(yaml).toMatch(/^infra:\n  provider: bicep\n  path: infra\n  module: main\n/m);
  });
});
