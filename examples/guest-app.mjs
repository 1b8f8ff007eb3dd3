// An application that signs people in through Gatehouse, written as for Entra: only the authority differs.
// Run: AUTHORITY=http://127.0.0.1:7071/api/<tenant id>/v2.0 CLIENT_ID=<appId> CLIENT_SECRET=<secret> PORT=3000 node examples/guest-app.mjs
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Starts the app; resolves with its URL and a stop function. */
export async function startGuestApp({ authority, clientId, clientSecret, port }) {
  const insecure = authority.startsWith('http://') ? { execute: [oidc.allowInsecureRequests] } : undefined;
  // The discovery document gives the endpoints and the keys every token is checked against.
  const config = await oidc.discovery(new URL(authority), clientId, clientSecret, undefined, insecure);
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const pending = new Map(); // state cookie -> { verifier, nonce, state }
  const sessions = new Map(); // session cookie -> ID token claims

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, `http://127.0.0.1:${port}`);
    const cookies = Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')));
    try {
      if (url.pathname === '/callback') {
        const flow = pending.get(cookies.flow);
        if (!flow) throw new Error('no sign-in in progress');
        pending.delete(cookies.flow);
        const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: flow.verifier, expectedNonce: flow.nonce, expectedState: flow.state });
        const sid = randomUUID();
        sessions.set(sid, tokens.claims());
        res.writeHead(303, { location: '/', 'set-cookie': `sid=${sid}; HttpOnly; Path=/` }).end();
        return;
      }
      const claims = sessions.get(cookies.sid);
      if (claims) {
        const roles = claims.roles ?? [];
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>Project room</title><h1>Welcome, ${esc(claims.name)}</h1><p id="email">${esc(claims.email ?? '')}</p><p id="roles">Roles: ${esc(roles.join(', ') || 'none')}</p><p id="idp">Signed in through: ${esc(claims.idp ?? '')}</p>`);
        return;
      }
      // Not signed in: off to the directory's sign-in, with PKCE, state and nonce.
      const flow = { verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(), state: oidc.randomState() };
      const id = randomUUID();
      pending.set(id, flow);
      const target = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid profile email offline_access', state: flow.state, nonce: flow.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier), code_challenge_method: 'S256',
      });
      res.writeHead(302, { location: target.href, 'set-cookie': `flow=${id}; HttpOnly; Path=/` }).end();
    } catch (error) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Sign-in failed</title><h1>Sign-in failed</h1><p id="error">${esc(error.error ?? error.code ?? '')}: ${esc(error.error_description ?? error.message)}</p>`);
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, redirectUri, stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { AUTHORITY, CLIENT_ID, CLIENT_SECRET, PORT = '3000' } = process.env;
  const app = await startGuestApp({ authority: AUTHORITY, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, port: Number(PORT) });
  console.log(`Example application on ${app.url}; register ${app.redirectUri} as a web redirect URI.`);
}
