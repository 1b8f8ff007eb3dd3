import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_LIKE_SETTINGS } from '../../bench/module-load';
import { APP_FILE, BUNDLE_FILE, bundleApp, DEPLOY_DIR, SOURCE_MAP_DIR } from '../../dev/bundle';

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
const main = require(process.argv[1]);
// The app half is imported on first use (or when the worker is idle); wait for it as an invocation would.
Promise.resolve(main.loadApp && main.loadApp()).then(() => console.log(JSON.stringify({ names, where: globalThis.__where ?? null, dir: globalThis.__dir ?? null })));
`;

interface Loaded {
  names: string[];
  where: string | null;
  dir: string | null;
}

function loadBundle(mainFile: string, env: Record<string, string> = {}): Loaded {
  const out = execFileSync(process.execPath, ['-e', LOAD_WITH_STAND_IN, mainFile], { env: { PATH: process.env.PATH ?? '', ...AZURE_LIKE_SETTINGS, ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Loaded;
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
  it('when an app is bundled, then the package holds a CommonJS main.js (its package.json main), the app as app.mjs and host.json, and no source maps', async () => {
    const root = fixtureApp({ 'ping.ts': `import { app } from '@azure/functions';\napp.http('ping', { handler: async () => ({ body: 'pong' }) });\n` });
    const result = await bundleApp(root);
    expect(result.outDir).toBe(path.join(root, DEPLOY_DIR));
    expect(JSON.parse(readFileSync(path.join(result.outDir, 'package.json'), 'utf8'))).toMatchObject({ name: 'fixture', version: '1.2.3', main: BUNDLE_FILE });
    expect(readFileSync(path.join(result.outDir, 'host.json'), 'utf8')).toBe('{ "version": "2.0" }\n');
    expect(readFileSync(result.mainFile, 'utf8')).toContain('require("@azure/functions-core")');
    const files = readdirSync(result.outDir);
    expect(files).toContain(APP_FILE);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(readdirSync(path.join(root, SOURCE_MAP_DIR))).toContain(`${APP_FILE}.map`);
    expect(result.functions).toBe(1);
  });

  it('when the bundle loads, then main.js registers every function without loading the app, and a first HTTP call loads it and answers through the real handler', async () => {
    const root = fixtureApp({
      'counter.ts': [
        `import { app, HttpRequest } from '@azure/functions';`,
        `(globalThis as any).__appLoads = ((globalThis as any).__appLoads ?? 0) + 1;`,
        `let calls = 0;`,
        // The library's classes work inside the app half too ($batch builds inner requests with HttpRequest).
        `const inner = () => new HttpRequest({ url: 'http://inner.test/x?y=1', method: 'GET' }).query.get('y');`,
        `app.http('counter', { methods: ['GET'], authLevel: 'anonymous', route: 'counter/{n}', handler: async (request) => ({ jsonBody: { n: request.params.n, calls: ++calls, loads: (globalThis as any).__appLoads, inner: inner() } }) });`,
        '',
      ].join('\n'),
    });
    const { outDir, mainFile } = await bundleApp(root, path.join(tempDir(), 'out'));
    // Registration alone: the function is there, the app module has not run.
    const registrationOnly = execFileSync(process.execPath, ['-e', LOAD_WITH_STAND_IN.replace(/Promise\.resolve[\s\S]*$/, 'console.log(JSON.stringify({ names, loads: globalThis.__appLoads ?? 0 }));'), mainFile], { encoding: 'utf8' });
    expect(JSON.parse(registrationOnly.trim().split('\n').at(-1)!)).toEqual({ names: ['counter'], loads: 0 });

    const host = spawn(process.execPath, [path.join(ROOT, 'dist', 'dev', 'local-host', 'cli.js'), '--app-dir', outDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const ready = await new Promise<{ url: string }>((resolve, reject) => {
        let out = '';
        host.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const line = out.split('\n').find((l) => l.includes('"event"'));
          if (line) resolve(JSON.parse(line) as { url: string });
        });
        host.on('exit', (code) => reject(new Error(`host exited with ${code}`)));
      });
      const first = await (await fetch(`${ready.url}/api/counter/7`)).json();
      const second = await (await fetch(`${ready.url}/api/counter/8`)).json();
      expect(first).toEqual({ n: '7', calls: 1, loads: 1, inner: '1' });
      // What the first call built stays: the same module instance answers the second.
      expect(second).toEqual({ n: '8', calls: 2, loads: 1, inner: '1' });
    } finally {
      host.kill('SIGTERM');
    }
  }, 60_000);

  it('when the bundle loads under a worker-style core stand-in, then every function registers, in file order', async () => {
    const root = fixtureApp({
      'a-ping.ts': `import { app } from '@azure/functions';\napp.http('ping', { handler: async () => ({ body: 'pong' }) });\n`,
      'b-tick.ts': `import { app } from '@azure/functions';\napp.timer('tick', { schedule: '0 */5 * * * *', handler: async () => undefined });\n`,
    });
    const { mainFile } = await bundleApp(root, path.join(tempDir(), 'out'));
    expect(loadBundle(mainFile).names).toEqual(['ping', 'tick']);
  });

  it('when code reads import.meta.url or __dirname, then it gets the app file in the package folder', async () => {
    const root = fixtureApp({ 'where.ts': `(globalThis as any).__where = import.meta.url;\n(globalThis as any).__dir = __dirname;\n` });
    const { mainFile, outDir } = await bundleApp(root);
    const loaded = loadBundle(mainFile);
    expect(loaded.where).toBe(pathToFileURL(path.join(outDir, APP_FILE)).href);
    expect(loaded.dir).toBe(outDir);
  });

  it('when there are no function files, then bundling fails and says so', async () => {
    const root = fixtureApp({});
    await expect(bundleApp(root)).rejects.toThrow(/no function files/);
  });

  it('when the real app is bundled and loaded with Azure-shaped settings, then its functions register (health among them)', async () => {
    const { mainFile, entries } = await bundleApp(ROOT, path.join(tempDir(), 'out'));
    expect(entries).toContain('src/functions/health.ts');
    const bundled = loadBundle(mainFile).names;
    expect(bundled).toContain('health');
    // The manifest main.js replays is what the function files register (compared with the tsc build).
    const tscDir = path.join(ROOT, 'dist', 'src', 'functions');
    const direct = execFileSync(process.execPath, ['-e', LOAD_WITH_STAND_IN.replace('const main = require(process.argv[1]);', `for (const f of ${JSON.stringify(readdirSync(tscDir).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(tscDir, f)))}) require(f); const main = {};`), ''], { env: { PATH: process.env.PATH ?? '', ...AZURE_LIKE_SETTINGS }, encoding: 'utf8' });
    expect(bundled).toEqual((JSON.parse(direct.trim().split('\n').at(-1)!) as Loaded).names);
  }, 120_000);
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
