import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, registerApp, startSignInRuntime, type SignInRuntime } from '../browser/guest-sign-in-support';
import { authorizationRequest, authorize, clientConfig, cookieBrowser, createMember } from './openid-support';

/**
 * Issue 20: an application that exposes an API (identifierUris, api.oauth2PermissionScopes) gets
 * access tokens for it: JWTs whose audience is the API's appId, `scp` the granted scope values and
 * `roles` the API's app roles the user holds, signed with the keys the discovery document names.
 */
let s: SignInRuntime;
/** Graph answers a taken unique property with 400 (Request_BadRequest / ObjectConflict). */
const TAKEN_STATUS = 400;

beforeAll(async () => {
  s = await startSignInRuntime();
}, 120_000);

afterAll(async () => {
  await s?.rt.stop();
});

/** An API registration exposing Files.Read and Files.Write, a client application, and a member assigned the API's role. */
async function setUp() {
  const api = await registerApp(s, { port: await freePort() });
  const identifierUri = `api://projects-${randomUUID().slice(0, 8)}`;
  const scopes = [
    { id: randomUUID(), value: 'Files.Read', type: 'User', adminConsentDisplayName: 'Read files', adminConsentDescription: 'Reads project files', isEnabled: true },
    { id: randomUUID(), value: 'Files.Write', type: 'User', adminConsentDisplayName: 'Write files', adminConsentDescription: 'Writes project files', isEnabled: true },
  ];
  const patched = await s.api.call('PATCH', `applications/${api.id}`, s.admin, { identifierUris: [identifierUri], api: { oauth2PermissionScopes: scopes } });
  expect(patched.status, JSON.stringify(patched.body)).toBe(204);
  const read = await s.api.call('GET', `applications/${api.id}`, s.admin);
  expect(read.body['api']['oauth2PermissionScopes'].map((x: Record<string, unknown>) => x['value'])).toEqual(['Files.Read', 'Files.Write']);
  const client = await registerApp(s, { port: await freePort() });
  const member = await createMember(s);
  const assigned = await s.api.call('POST', `servicePrincipals/${api.servicePrincipalId}/appRoleAssignedTo`, s.admin, { principalId: member.id, resourceId: api.servicePrincipalId, appRoleId: api.roleId });
  expect(assigned.status).toBe(201);
  const config = await clientConfig(s, client.appId, client.secret);
  return { api, identifierUri, client, member, config };
}

async function accessTokenFor(env: Awaited<ReturnType<typeof setUp>>, scope: string) {
  const request = await authorizationRequest(env.config, env.client.redirectUri, { scope });
  const callback = await authorize(s, cookieBrowser(), request.url, env.member.mail);
  return oidc.authorizationCodeGrant(env.config, callback, { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state });
}

const jwks = () => jose.createRemoteJWKSet(new URL(`${s.rt.url}/api/${s.tenantId}/discovery/v2.0/keys`));

describe('access tokens for an application\'s own API', () => {
  it('when a client asks for api://…/Files.Read, then the access token is a JWT for the API: aud its appId, scp the scope value, roles the API\'s roles, checked against the JWKS', async () => {
    const env = await setUp();
    const tokens = await accessTokenFor(env, `openid profile ${env.identifierUri}/Files.Read`);
    // openid-client checked the ID token against the discovery document; the access token is checked the way an API would.
    expect(tokens.claims()?.['aud']).toBe(env.client.appId);
    const { payload, protectedHeader } = await jose.jwtVerify(tokens.access_token, jwks(), { issuer: s.authority, audience: env.api.appId });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload['scp']).toBe('Files.Read');
    expect(payload['scope']).toBeUndefined();
    expect(payload['roles']).toEqual(['Project.Read']);
    expect(payload['oid']).toBe(env.member.id);
    expect(payload['tid']).toBe(s.tenantId);
    expect(payload['azp']).toBe(env.client.appId);
    expect(payload['ver']).toBe('2.0');
    expect(payload['sub']).not.toBe(tokens.claims()?.['sub']);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
    // A token for another audience is refused by the same check.
    await expect(jose.jwtVerify(tokens.access_token, jwks(), { issuer: s.authority, audience: env.client.appId })).rejects.toThrow();
  });

  it('when a client asks for the API by its appId with .default, then scp holds every enabled scope', async () => {
    const env = await setUp();
    const tokens = await accessTokenFor(env, `openid ${env.api.appId}/.default`);
    const { payload } = await jose.jwtVerify(tokens.access_token, jwks(), { issuer: s.authority, audience: env.api.appId });
    expect(payload['scp']).toBe('Files.Read Files.Write');
  });

  it('when a client asks for a scope the API does not expose, or an API nobody registered, then the authorization ends with invalid_scope', async () => {
    const env = await setUp();
    for (const scope of [`openid ${env.identifierUri}/Files.Delete`, 'openid api://nobody-registered-this/Files.Read']) {
      const request = await authorizationRequest(env.config, env.client.redirectUri, { scope });
      const callback = await authorize(s, cookieBrowser(), request.url, env.member.mail);
      expect(callback.searchParams.get('error'), scope).toBe('invalid_scope');
      expect(callback.href.startsWith(env.client.redirectUri)).toBe(true);
    }
  });

  it('when the API requires assignment and the user has none, then no access token is issued for it', async () => {
    const env = await setUp();
    const other = await createMember(s);
    expect((await s.api.call('PATCH', `servicePrincipals/${env.api.servicePrincipalId}`, s.admin, { appRoleAssignmentRequired: true })).status).toBe(204);
    const request = await authorizationRequest(env.config, env.client.redirectUri, { scope: `openid ${env.identifierUri}/Files.Read` });
    const callback = await authorize(s, cookieBrowser(), request.url, other.mail);
    expect(callback.searchParams.get('error_description')).toBeNull();
    await expect(oidc.authorizationCodeGrant(env.config, callback, { pkceCodeVerifier: request.verifier, expectedNonce: request.nonce, expectedState: request.state })).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('when an application declares two scopes with one value, then Graph-style validation refuses it', async () => {
    const api = await registerApp(s, { port: await freePort() });
    const scope = { value: 'Files.Read', type: 'User', adminConsentDisplayName: 'Read files', adminConsentDescription: '', isEnabled: true };
    const res = await s.api.call('PATCH', `applications/${api.id}`, s.admin, { api: { oauth2PermissionScopes: [{ id: randomUUID(), ...scope }, { id: randomUUID(), ...scope }] } });
    expect(res.status).toBe(400);
    expect(res.body['error']['code']).toBeTruthy();
  });

  it('when a second application claims an identifier URI already registered, then it is refused and the first keeps it; freed, it can be taken', async () => {
    const env = await setUp();
    const other = await registerApp(s, { port: await freePort() });
    const taken = await s.api.call('PATCH', `applications/${other.id}`, s.admin, { identifierUris: [env.identifierUri.toUpperCase()] });
    expect(taken.status, JSON.stringify(taken.body)).toBe(TAKEN_STATUS);
    expect(taken.body['error']['message']).toMatch(/identifierUris/);
    expect((await s.api.call('GET', `applications/${other.id}`, s.admin)).body['identifierUris']).toEqual([]);
    expect((await s.api.call('PATCH', `applications/${env.api.id}`, s.admin, { identifierUris: [] })).status).toBe(204);
    expect((await s.api.call('PATCH', `applications/${other.id}`, s.admin, { identifierUris: [env.identifierUri] })).status).toBe(204);
  });
});
