import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import * as oidc from 'openid-client';
import { passcodeFor } from './my-access-support';
import type { SignInRuntime } from '../browser/guest-sign-in-support';

/** A browser stand-in for protocol tests: follows nothing on its own, keeps cookies per path-less jar. */
export function cookieBrowser() {
  const jar = new Map<string, string>();
  async function go(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }
  return { go, jar };
}

export type CookieBrowser = ReturnType<typeof cookieBrowser>;

/**
 * Runs an authorization request to its end as a person would: follows redirects inside the
 * provider, signs in by code when asked, and stops at the application's redirect URI.
 */
export async function authorize(s: SignInRuntime, browser: CookieBrowser, url: URL, email?: string): Promise<URL> {
  let next = await browser.go(url.href);
  for (let hops = 0; hops < 10; hops++) {
    if (next.status === 200 && /name="email"/.test(next.html) && email) {
      const action = new URL(/action="([^"]+\/email)"/.exec(next.html)![1]!, s.rt.url).href;
      const before = (await s.api.mailsTo(email, 0, 0)).length;
      const sent = await browser.go(action, { method: 'POST', form: { email } });
      expect(sent.status).toBe(200);
      const code = await passcodeFor(s.rt, email, before + 1);
      next = await browser.go(action.replace(/\/email$/, '/code'), { method: 'POST', form: { email, code } });
      continue;
    }
    if (next.status < 300 || next.status >= 400 || !next.location) throw new Error(`stopped at ${next.status}: ${next.html.slice(0, 300)}`);
    const target = new URL(next.location, s.rt.url);
    if (!target.href.startsWith(s.rt.url)) return target;
    next = await browser.go(target.href);
  }
  throw new Error('too many redirects');
}

/** A registered client as openid-client sees it, from the discovery document. */
export async function clientConfig(s: SignInRuntime, appId: string, secret?: string) {
  return oidc.discovery(new URL(s.authority), appId, secret, secret ? undefined : oidc.None(), { execute: [oidc.allowInsecureRequests] });
}

/** A fresh authorization request with PKCE, state and nonce. */
export async function authorizationRequest(config: oidc.Configuration, redirectUri: string, overrides: Record<string, string> = {}) {
  const flow = { verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(), state: oidc.randomState() };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope: 'openid profile email offline_access', state: flow.state, nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier), code_challenge_method: 'S256', ...overrides,
  });
  for (const [key, value] of Object.entries(overrides)) if (value === '') url.searchParams.delete(key);
  return { url, ...flow };
}

/** Creates a member with a mail address (members sign in the same way as guests). */
export async function createMember(s: SignInRuntime): Promise<{ id: string; mail: string }> {
  const org = await s.api.call('GET', 'organization', s.admin);
  const domain = String(org.body['value'][0]['verifiedDomains'][0]['name']);
  const nick = `member${randomUUID().slice(0, 8)}`;
  const mail = `${nick}@${domain}`;
  const res = await s.api.call('POST', 'users', s.admin, { accountEnabled: true, displayName: `Member ${nick}`, mailNickname: nick, userPrincipalName: mail, mail, passwordProfile: { password: 'unused-Passw0rd!', forceChangePasswordNextSignIn: false } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: String(res.body['id']), mail };
}

/** The raw token endpoint (to see the OAuth error exactly as sent). */
export async function tokenRequest(s: SignInRuntime, form: Record<string, string>) {
  const res = await fetch(`${s.rt.url}/api/${s.tenantId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
