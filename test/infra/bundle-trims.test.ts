import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { noCrc64Plugin, sharedJosePlugin, slimMimeDbPlugin } from '../../dev/bundle-trims';

const ROOT = path.resolve(__dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'gatehouse-trims-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Bundles `source` (an entry in the project root) with the deployment bundle's trims; returns the file. */
async function bundle(name: string, source: string, format: 'cjs' | 'esm'): Promise<{ file: string; inputs: string[] }> {
  const entry = path.join(ROOT, `.trims-entry-${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  writeFileSync(entry, source);
  try {
    const outfile = path.join(scratch, `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
    const result = await build({
      entryPoints: [entry], bundle: true, platform: 'node', format, outfile, metafile: true, logLevel: 'silent', absWorkingDir: ROOT,
      ...(format === 'esm' ? { banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } } : {}),
      plugins: [slimMimeDbPlugin(), sharedJosePlugin(ROOT), noCrc64Plugin()],
    });
    return { file: outfile, inputs: Object.keys(result.metafile.inputs) };
  } finally {
    rmSync(entry, { force: true });
  }
}

describe('the deployment bundle trims (dev/bundle-trims.ts)', () => {
  it('when mime-types is bundled with the slim mime-db, then every lookup, extension, charset and content type answers as with the full database', async () => {
    // mime-types 2 as koa's `accepts` has it (its own copy, with its own older mime-db).
    const v2Dir = path.join(ROOT, 'node_modules', 'koa', 'node_modules', 'accepts', 'node_modules', 'mime-types');
    const { file, inputs } = await bundle('mime', `module.exports = { v3: require('mime-types'), v2: require(${JSON.stringify(v2Dir)}) };`, 'cjs');
    const bundled = createRequire(file)(file) as Record<'v2' | 'v3', typeof import('mime-types')>;
    const req = createRequire(path.join(ROOT, 'package.json'));
    const full = { v3: req('mime-types') as typeof import('mime-types'), v2: req(v2Dir) as typeof import('mime-types') };
    const databases = inputs.filter((i) => i.endsWith('db.json')).map((i) => req(path.join(ROOT, i)) as Record<string, { extensions?: string[] }>);
    expect(databases).toHaveLength(2);
    const extensions = [...new Set(databases.flatMap((db) => Object.values(db).flatMap((e) => e.extensions ?? [])))];
    const types = [...new Set(databases.flatMap((db) => Object.keys(db)))];
    expect(extensions.length).toBeGreaterThan(900);
    for (const v of ['v3', 'v2'] as const) {
      for (const ext of [...extensions, 'json', 'html', 'unknownext']) {
        expect(bundled[v].lookup(ext), `${v} lookup ${ext}`).toBe(full[v].lookup(ext));
        expect(bundled[v].contentType(ext), `${v} contentType ${ext}`).toBe(full[v].contentType(ext));
      }
      for (const type of [...types, 'text/x-unknown', 'application/x-unknown']) {
        expect(bundled[v].extension(type), `${v} extension ${type}`).toBe(full[v].extension(type));
        expect(bundled[v].charset(type), `${v} charset ${type}`).toBe(full[v].charset(type));
        expect(bundled[v].contentType(type), `${v} contentType ${type}`).toBe(full[v].contentType(type));
      }
    }
  }, 60_000);

  it('when oidc-provider and openid-client are bundled together, then they share one jose, and a client discovers the provider, whose pages keep their content types', async () => {
    const source = `
import http from 'node:http';
import Provider from 'oidc-provider';
import * as client from 'openid-client';
const provider = new Provider('http://127.0.0.1:0', { clients: [{ client_id: 'c1', client_secret: 's', redirect_uris: [], response_types: [], grant_types: ['client_credentials'] }], features: { clientCredentials: { enabled: true } }, cookies: { keys: ['k'] } });
const server = http.createServer(provider.callback());
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = 'http://127.0.0.1:' + server.address().port;
provider.issuer = base;
const out = {};
const discovery = await fetch(base + '/.well-known/openid-configuration');
out.discoveryType = discovery.headers.get('content-type');
const jwks = await fetch(base + '/jwks');
out.jwksType = jwks.headers.get('content-type');
out.keys = (await jwks.json()).keys.length;
const error = await fetch(base + '/auth?client_id=nobody');
out.errorStatus = error.status;
out.errorType = error.headers.get('content-type');
try {
  const config = await client.discovery(new URL(base), 'c1', 's', undefined, { execute: [client.allowInsecureRequests] });
  out.tokenEndpoint = config.serverMetadata().token_endpoint;
  const grant = await client.clientCredentialsGrant(config).catch((e) => ({ error: e.error ?? e.code ?? e.message }));
  out.grant = grant.error ?? grant.token_type;
} catch (e) { out.discoveryError = String(e); }
server.close();
console.log(JSON.stringify(out));
`;
    const { file, inputs } = await bundle('oidc', source, 'esm');
    const joseCopies = new Set(inputs.map((i) => /^(.*node_modules\/jose)\//.exec(i)?.[1]).filter(Boolean));
    expect([...joseCopies]).toEqual(['node_modules/oidc-provider/node_modules/jose']);
    const out = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: scratch }).trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(out).toMatchObject({
      discoveryType: 'application/json; charset=utf-8',
      jwksType: 'application/jwk-set+json; charset=utf-8',
      errorStatus: 400,
      errorType: 'text/html; charset=utf-8',
      tokenEndpoint: expect.stringMatching(/\/token$/),
    });
    expect(out['keys']).toBeGreaterThan(0);
    // The client authenticated with its secret and got a token.
    expect(out['grant']).toMatch(/^bearer$/i);
  }, 60_000);

  it('when the storage SDK is bundled, then its CRC64 calculator refuses clearly instead of shipping the Emscripten build', async () => {
    const { file, inputs } = await bundle('crc', "export { StorageCRC64Calculator } from '@azure/storage-common';", 'esm');
    expect(inputs.some((i) => i.endsWith('storage-common/dist/esm/crc64.js'))).toBe(true);
    const { StorageCRC64Calculator } = (await import(file)) as { StorageCRC64Calculator: { init(): Promise<void> } };
    await expect(StorageCRC64Calculator.init()).rejects.toThrow(/CRC64 content validation is not part of the Gatehouse bundle/);
  });
});
