import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpResponseInit } from '@azure/functions';
import type { Settings } from '../config';

/** What the console reads from `/api/admin/config.json` before it signs anyone in. */
export type ConsoleConfig = {
  /** The OpenID issuer the API trusts (AUTH_ISSUER); the console discovers its endpoints. */
  issuer: string;
  /** The console's client id: the API's own app registration (one registration exposes the scope and signs the console in). */
  clientId: string;
  /** Scopes the console asks for; the last one is the API's delegated scope. */
  scopes: string[];
};

/**
 * The console's client id and scope follow from AUTH_AUDIENCE: `api://<id>` or a bare `<id>` is both
 * the API's audience and the client id; the delegated scope is `<audience as api:// URI>/user_impersonation`.
 */
export function consoleConfig(s: Pick<Settings, 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>): ConsoleConfig {
  const audience = s.AUTH_AUDIENCE;
  const clientId = audience.replace(/^api:\/\//, '');
  const resource = audience.startsWith('api://') ? audience : `api://${audience}`;
  return {
    issuer: s.AUTH_ISSUER,
    clientId,
    scopes: ['openid', 'profile', 'email', `${resource}/user_impersonation`],
  };
}

/** The console's built files, read once per worker. */
export type ConsoleFiles = { dir: string | undefined; read(name: string): Buffer | undefined };

const cache = new Map<string, Buffer | null>();

/** Finds the first folder of `candidates` that holds an `index.html` (bundle beside main.js, or the local build). */
export function createConsoleFiles(candidates: string[]): ConsoleFiles {
  const dir = candidates.map((c) => path.resolve(c)).find((c) => existsSync(path.join(c, 'index.html')));
  return {
    dir,
    read(name) {
      if (!dir) return undefined;
      const file = path.resolve(dir, name);
      if (!file.startsWith(dir + path.sep)) return undefined;
      const key = file;
      if (!cache.has(key)) cache.set(key, existsSync(file) ? readFileSync(file) : null);
      return cache.get(key) ?? undefined;
    },
  };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The Content-Security-Policy of every console response: scripts only from this origin (no inline
 * script), styles from this origin or carrying the per-response nonce (Fluent UI writes its styles
 * at run time), connections only to this origin and the issuer, and no framing.
 */
export function consolePolicy(nonce: string, issuer: string): string {
  const issuerOrigin = new URL(issuer).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${issuerOrigin}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

/** Answers `GET /api/admin/<rest>`: config, a hashed asset (cached for a year), or index.html (never cached). */
export function consoleResponse(files: ConsoleFiles, rest: string, config: ConsoleConfig): HttpResponseInit {
  const nonce = randomBytes(16).toString('base64');
  const csp = consolePolicy(nonce, config.issuer);
  if (rest === 'config.json') {
    return { status: 200, body: JSON.stringify(config), headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': csp, ...SECURITY_HEADERS } };
  }
  if (rest.startsWith('assets/')) {
    const body = /^assets\/[A-Za-z0-9._-]+$/.test(rest) ? files.read(rest) : undefined;
    if (!body) return { status: 404, body: 'Not found', headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS } };
    return {
      status: 200,
      body,
      headers: { 'content-type': TYPES[path.extname(rest)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable', 'content-security-policy': csp, ...SECURITY_HEADERS },
    };
  }
  const index = files.read('index.html');
  if (!index) {
    return { status: 503, body: 'The admin console is not built (npm run build).', headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS } };
  }
  const html = index.toString('utf8').replaceAll('__CSP_NONCE__', nonce);
  return { status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache, no-store', 'content-security-policy': csp, ...SECURITY_HEADERS } };
}
