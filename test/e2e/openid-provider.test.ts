import { TableClient } from '@azure/data-tables';
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, registerApp, startSignInRuntime, type SignInRuntime } from '../browser/guest-sign-in-support';
import { authorizationRequest, authorize, clientConfig, cookieBrowser, createMember, tokenRequest } from './openid-support';

let s: SignInRuntime;

beforeAll(async () => {
  s = await startSignInRuntime();
}, 120_000);

afterAll(async () => {
  await s?.rt.stop();
});

/** An app (confidential unless `spa`), a member assigned its role, and a browser signed in as that member. */
async function setUp(options: { spa?: boolean; assignmentRequired?: boolean; assign?: boolean } = {}) {
  const app = await registerApp(s, { port: await freePort(), ...options });
  const member = await createMember(s);
  if (options.assign !== false) {
    const res = await s.api.call('POST', `servicePrincipals/${app.servicePrincipalId}/appRoleAssignedTo`, s.admin, { principalId: member.id, resourceId: app.servicePrincipalId, appRoleId: app.roleId });
    expect(res.status).toBe(201);
  }
  const config = await clientConfig(s, app.appId, app.secret);
  return { app, member, config, browser: cookieBrowser() };
}

async function codeFlow(env: Awaited<ReturnType<typeof setUp>>, overrides: Record<string, string> = {}) {
  const request = await authorizationRequest(env.config, env.app.redirectUri, overrides);
  const callback = await authorize(s, env.browser, request.url, env.member.mail);
  return { request, callback };
}

const exchange = (env: Awaited<ReturnType<typeof setUp>>, flow: Awaited<ReturnType<typeof codeFlow>>, verifier = flow.request.verifier, nonce = flow.request.nonce) =>
  oidc.authorizationCodeGrant(env.config, flow.callback, { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: flow.request.state });

describe('the OpenID provider of the directory', () => {
  it('when an application reads the discovery document, then it names Entra-shaped endpoints and publishes the signing key and the next one', async () => {
    const res = await fetch(`${s.authority}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, any>;
    expect(doc['issuer']).toBe(s.authority);
    const base = `${s.rt.url}/api/${s.tenantId}`;
    expect(doc['authorization_endpoint']).toBe(`${base}/oauth2/v2.0/authorize`);
    expect(doc['token_endpoint']).toBe(`${base}/oauth2/v2.0/token`);
    expect(doc['jwks_uri']).toBe(`${base}/discovery/v2.0/keys`);
    expect(doc['end_session_endpoint']).toBe(`${base}/oauth2/v2.0/logout`);
    expect(doc['userinfo_endpoint']).toBe(`${base}/oidc/userinfo`);
    const keys = (await (await fetch(doc['jwks_uri'])).json()) as { keys: Array<Record<string, unknown>> };
    expect(keys.keys.length).toBeGreaterThanOrEqual(2);
    expect(keys.keys.every((k) => k['kty'] === 'RSA' && !('d' in k))).toBe(true);
  });

  it('when a member signs in by code, then the ID token carries oid, tid, a pairwise sub, name, email, roles (through a group too), idp, acct and lives an hour', async () => {
    const env = await setUp({ assign: false });
    const group = await s.api.call('POST', 'groups', s.admin, { displayName: 'Project team', mailEnabled: false, mailNickname: `team${Date.now()}`, securityEnabled: true });
    expect(group.status).toBe(201);
    expect((await s.api.call('POST', `groups/${group.body['id']}/members/$ref`, s.admin, { '@odata.id': `${s.rt.url}/api/v1.0/directoryObjects/${env.member.id}` })).status).toBe(204);
    expect((await s.api.call('POST', `servicePrincipals/${env.app.servicePrincipalId}/appRoleAssignedTo`, s.admin, { principalId: group.body['id'], resourceId: env.app.servicePrincipalId, appRoleId: env.app.roleId })).status).toBe(201);
    expect((await s.api.call('PATCH', `applications/${env.app.id}`, s.admin, { groupMembershipClaims: 'SecurityGroup' })).status).toBe(204);
    const tokens = await exchange(env, await codeFlow(env));
    const claims = tokens.claims()!;
    expect(claims['oid']).toBe(env.member.id);
    expect(claims['tid']).toBe(s.tenantId);
    expect(claims['sub']).not.toBe(env.member.id);
    expect(claims['email']).toBe(env.member.mail);
    expect(claims['preferred_username']).toBe(env.member.mail);
    expect(claims['name']).toMatch(/^Member /);
    expect(claims['roles']).toEqual(['Project.Read']);
    expect(claims['groups']).toEqual([group.body['id']]);
    expect(claims['idp']).toBe('mail');
    expect(claims['acct']).toBe(0);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(tokens.refresh_token).toBeTruthy();
    // Another application sees another subject for the same person.
    const other = await registerApp(s, { port: await freePort() });
    const otherConfig = await clientConfig(s, other.appId, other.secret);
    const request = await authorizationRequest(otherConfig, other.redirectUri);
    const callback = await authorize(s, env.browser, request.url);
    const otherTokens = await oidc.authorizationCodeGrant(otherConfig, callback, { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
    expect(otherTokens.claims()!['oid']).toBe(env.member.id);
    expect(otherTokens.claims()!['sub']).not.toBe(claims['sub']);
  }, 60_000);

  it('when the redirect URI is not registered, then the provider refuses with invalid_redirect_uri and redirects nowhere', async () => {
    const env = await setUp();
    const request = await authorizationRequest(env.config, 'http://127.0.0.1:9/elsewhere');
    const res = await env.browser.go(request.url.href);
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(res.html).toContain('invalid_redirect_uri');
  }, 30_000);

  it('when a public client (SPA) sends no PKCE challenge, then it gets invalid_request at its redirect URI', async () => {
    const env = await setUp({ spa: true });
    const request = await authorizationRequest(env.config, env.app.redirectUri, { code_challenge: '', code_challenge_method: '' });
    const res = await env.browser.go(request.url.href);
    const target = new URL(res.location!, s.rt.url);
    expect(target.origin + target.pathname).toBe(env.app.redirectUri);
    expect(target.searchParams.get('error')).toBe('invalid_request');
  }, 30_000);

  it('when the code is exchanged with the wrong PKCE verifier, or a second time, or after it expired, then the token endpoint answers invalid_grant', async () => {
    const env = await setUp({ spa: true });
    const wrong = await codeFlow(env);
    const form = (code: string, verifier: string) => ({ grant_type: 'authorization_code', client_id: env.app.appId, redirect_uri: env.app.redirectUri, code, code_verifier: verifier });
    const wrongRes = await tokenRequest(s, form(wrong.callback.searchParams.get('code')!, oidc.randomPKCECodeVerifier()));
    expect(wrongRes.status).toBe(400);
    expect(wrongRes.body['error']).toBe('invalid_grant');
    const missing = await tokenRequest(s, { ...form(wrong.callback.searchParams.get('code')!, ''), code_verifier: '' });
    expect(missing.status).toBe(400);
    expect(['invalid_grant', 'invalid_request']).toContain(missing.body['error']);

    const reused = await codeFlow(env);
    const code = reused.callback.searchParams.get('code')!;
    expect((await tokenRequest(s, form(code, reused.request.verifier))).status).toBe(200);
    const again = await tokenRequest(s, form(code, reused.request.verifier));
    expect(again.status).toBe(400);
    expect(again.body['error']).toBe('invalid_grant');

    // Expiry: the stored code is made 10 minutes old (its lifetime is 5), as if the user had waited.
    const late = await codeFlow(env);
    const table = TableClient.fromConnectionString(s.rt.storage, 'OidcStore', { allowInsecureConnection: true });
    let aged = 0;
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: "PartitionKey eq 'AuthorizationCode'" } })) {
      await table.updateEntity({ partitionKey: row.partitionKey!, rowKey: row.rowKey!, expiresAt: new Date(Date.now() - 300_000).toISOString() }, 'Merge');
      aged++;
    }
    expect(aged).toBeGreaterThan(0);
    const expired = await tokenRequest(s, form(late.callback.searchParams.get('code')!, late.request.verifier));
    expect(expired.status).toBe(400);
    expect(expired.body['error']).toBe('invalid_grant');
  }, 60_000);

  it('when the application requires assignment and the user has none, then sign-in ends with access_denied', async () => {
    const env = await setUp({ assignmentRequired: true, assign: false });
    const { callback } = await codeFlow(env);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toMatch(/AADSTS50105/);
    const log = await s.api.call('GET', 'auditLogs/signIns?$top=50', s.admin);
    const entry = (log.body['value'] as Array<Record<string, any>>).find((e) => e['userId'] === env.member.id);
    expect(entry?.['status']?.['errorCode']).toBe(50105);
  }, 30_000);

  it('when the user is blocked, then the refresh token stops working and a new sign-in is refused', async () => {
    const env = await setUp();
    const tokens = await exchange(env, await codeFlow(env));
    expect((await s.api.call('PATCH', `users/${env.member.id}`, s.admin, { accountEnabled: false })).status).toBe(204);
    await expect(oidc.refreshTokenGrant(env.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const again = await codeFlow(env);
    expect(again.callback.searchParams.get('error')).toBe('access_denied');
  }, 30_000);

  it('when the user\'s sessions are revoked, then the refresh token is refused with invalid_grant', async () => {
    const env = await setUp();
    const tokens = await exchange(env, await codeFlow(env));
    const refreshed = await oidc.refreshTokenGrant(env.config, tokens.refresh_token!);
    expect(refreshed.claims()!['roles']).toEqual(['Project.Read']);
    await new Promise((r) => setTimeout(r, 1100));
    const revoked = await s.api.call('POST', `users/${env.member.id}/revokeSignInSessions`, s.admin);
    expect(revoked.status).toBe(200);
    expect(revoked.body['value']).toBe(true);
    await expect(oidc.refreshTokenGrant(env.config, refreshed.refresh_token ?? tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  }, 30_000);

  it('when a token is tampered with, then its signature fails against the published keys and userinfo refuses the access token', async () => {
    const env = await setUp();
    const tokens = await exchange(env, await codeFlow(env));
    const [header, payload, signature] = tokens.id_token!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['Admin'] })).toString('base64url')}.${signature}`;
    const keys = jose.createRemoteJWKSet(new URL(`${s.rt.url}/api/${s.tenantId}/discovery/v2.0/keys`));
    await expect(jose.jwtVerify(tokens.id_token!, keys, { issuer: s.authority, audience: env.app.appId })).resolves.toBeTruthy();
    await expect(jose.jwtVerify(forged, keys, { issuer: s.authority, audience: env.app.appId })).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    const userinfo = await fetch(`${s.rt.url}/api/${s.tenantId}/oidc/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}x` } });
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  }, 30_000);

  it('when the ID token carries another nonce than the application sent, then openid-client refuses it', async () => {
    const env = await setUp();
    const flow = await codeFlow(env);
    await expect(exchange(env, flow, flow.request.verifier, oidc.randomNonce())).rejects.toThrow(/unexpected JWT claim value/);
  }, 30_000);

  it('when a confidential client presents a wrong secret or a removed one, then the token endpoint answers invalid_client', async () => {
    const env = await setUp();
    const flow = await codeFlow(env);
    const form = { grant_type: 'authorization_code', client_id: env.app.appId, redirect_uri: env.app.redirectUri, code: flow.callback.searchParams.get('code')!, code_verifier: flow.request.verifier };
    const wrong = await tokenRequest(s, { ...form, client_secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body['error']).toBe('invalid_client');
    const app = await s.api.call('GET', `applications/${env.app.id}`, s.admin);
    const keyId = app.body['passwordCredentials'][0]['keyId'];
    expect(app.body['passwordCredentials'][0]['secretText']).toBeNull();
    expect((await s.api.call('POST', `applications/${env.app.id}/removePassword`, s.admin, { keyId })).status).toBe(204);
    const removed = await tokenRequest(s, { ...form, client_secret: env.app.secret! });
    expect(removed.status).toBe(401);
    expect(removed.body['error']).toBe('invalid_client');
  }, 30_000);
});
