import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleConfig, consolePolicy, consoleResponse, createConsoleFiles } from '../../src/http/admin-console';
import { firstScreenFiles } from '../../dev/build-console';

function built(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'console-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<meta name="csp-nonce" content="__CSP_NONCE__"><script type="module" src="/api/admin/assets/index-abc123.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'not an asset');
  return dir;
}

const config = consoleConfig({ AUTH_ISSUER: 'https://login.microsoftonline.com/tid/v2.0', AUTH_AUDIENCE: 'api://11111111-2222-3333-4444-555555555555' });
const header = (r: { headers?: unknown }, name: string) => new Headers(r.headers as HeadersInit).get(name);

describe('the admin console files', () => {
  it('when index.html is served, then it is never cached, carries a fresh nonce, and the policy forbids inline script, other hosts and framing', () => {
    const files = createConsoleFiles([path.join(tmpdir(), 'missing'), built()]);
    const a = consoleResponse(files, 'users/123', config);
    const b = consoleResponse(files, '', config);
    expect(a.status).toBe(200);
    expect(header(a, 'cache-control')).toContain('no-cache');
    const nonceA = /content="([^"]+)"/.exec(String(a.body))![1]!;
    expect(nonceA).not.toBe('__CSP_NONCE__');
    expect(nonceA).not.toBe(/content="([^"]+)"/.exec(String(b.body))![1]);
    const csp = header(a, 'content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain(`style-src 'self' 'nonce-${nonceA}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com;");
    expect(csp).toContain("default-src 'none'");
  });

  it('when a hashed asset is served, then it is cached for a year as immutable; anything outside assets/ or with a path trick is 404', () => {
    const files = createConsoleFiles([built()]);
    const asset = consoleResponse(files, 'assets/index-abc123.js', config);
    expect(asset.status).toBe(200);
    expect(header(asset, 'cache-control')).toBe('public, max-age=31536000, immutable');
    expect(header(asset, 'content-type')).toContain('text/javascript');
    for (const bad of ['assets/../secret.txt', 'assets/nope.js', 'assets/%2e%2e/secret.txt', 'assets/sub/x.js']) expect(consoleResponse(files, bad, config).status).toBe(404);
    expect(files.read('../index.html')).toBeUndefined();
  });

  it('when the console is not built, then the page says so with 503 instead of an empty page', () => {
    const r = consoleResponse(createConsoleFiles([path.join(tmpdir(), 'nothing-here')]), '', config);
    expect(r.status).toBe(503);
    expect(String(r.body)).toContain('npm run build');
  });

  it('when config.json is read, then the client id and scope follow the API audience, for Entra and for the local issuer', () => {
    expect(config).toEqual({
      issuer: 'https://login.microsoftonline.com/tid/v2.0',
      clientId: '11111111-2222-3333-4444-555555555555',
      scopes: ['openid', 'profile', 'email', 'api://11111111-2222-3333-4444-555555555555/user_impersonation'],
    });
    expect(consoleConfig({ AUTH_ISSUER: 'http://127.0.0.1:7072/dev/issuer', AUTH_AUDIENCE: 'gatehouse-local' }).scopes.at(-1)).toBe('api://gatehouse-local/user_impersonation');
    const r = consoleResponse(createConsoleFiles([built()]), 'config.json', config);
    expect(JSON.parse(String(r.body))).toEqual(config);
    expect(header(r, 'cache-control')).toBe('no-store');
  });

  it('when the first screen is measured, then it is the entry chunk and what it imports statically, not the lazy areas', () => {
    const manifest = {
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['src/users.tsx'] },
      '_vendor.js': { file: 'assets/vendor.js', imports: ['_shared.js'] },
      '_shared.js': { file: 'assets/shared.js', imports: ['_vendor.js'] },
      'src/users.tsx': { file: 'assets/users.js', imports: ['_shared.js'] },
    };
    expect(firstScreenFiles(manifest).sort()).toEqual(['assets/index.js', 'assets/shared.js', 'assets/vendor.js']);
    expect(() => firstScreenFiles({})).toThrow(/no entry/);
  });

  it('consolePolicy names only the issuer origin besides self', () => {
    expect(consolePolicy('n', 'http://127.0.0.1:7072/dev/issuer')).toContain("connect-src 'self' http://127.0.0.1:7072;");
  });
});
