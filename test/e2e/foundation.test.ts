import { TableClient } from '@azure/data-tables';
import { EmailClient } from '@azure/communication-email';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalSettings } from '../../dev/local-settings';
import { parseConnectionString } from '../../src/config';
import { startRuntime, type TestRuntime } from '../support/runtime';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

function expectGraphError(body: unknown, code: string): void {
  const error = (body as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
  expect(error.code).toBe(code);
  expect(error.message).toEqual(expect.any(String));
  expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(error.innerError['date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the local runtime (npm start) end to end', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startRuntime();
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${rt.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  it('when storage answers, then GET /api/health is 200 {"status":"ok"}', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when an app token carries a permission the operation accepts, then the call succeeds', async () => {
    const res = await get('/api/v1.0/organization', await rt.token({ roles: ['Directory.Read.All'] }), { 'client-request-id': 'abc-123' });
    expect(res.status).toBe(200);
    expect(res.headers.get('client-request-id')).toBe('abc-123');
    const body = (await res.json()) as { value: { id: string; verifiedDomains: { name: string; isInitial: boolean }[] }[] };
    expect(body.value[0]?.verifiedDomains[0]).toMatchObject({ name: 'fabrikam.onmicrosoft.com', isInitial: true });
  });

  it('when a valid token lacks the permission, then the call is 403 with Graph error JSON', async () => {
    const res = await get('/api/v1.0/organization', await rt.token({ roles: ['User.Invite.All'] }));
    expect(res.status).toBe(403);
    expectGraphError(await res.json(), 'Authorization_RequestDenied');
  });

  it('when the token is missing, tampered, expired, for another audience or issuer, or unsigned, then the call is 401', async () => {
    const good = await rt.token({ roles: ['Directory.Read.All'] });
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${b64url({ ...claims, roles: ['Directory.ReadWrite.All'] })}.${signature}`;
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    const bad = [
      undefined,
      'not-a-jwt',
      tampered,
      unsigned,
      await rt.token({ roles: ['Directory.Read.All'], expiresInSeconds: -600 }),
      await rt.token({ roles: ['Directory.Read.All'], claims: { aud: 'api://someone-else' } }),
      await rt.token({ roles: ['Directory.Read.All'], claims: { iss: 'https://login.microsoftonline.com/other/v2.0' } }),
    ];
    for (const token of bad) {
      const res = await get('/api/v1.0/organization', token);
      expect(res.status, `token ${String(token).slice(0, 20)}`).toBe(401);
      expectGraphError(await res.json(), 'InvalidAuthenticationToken');
    }
  });

  it('when a delegated user holds a directory role that the table allows, then the call succeeds, and without it 403', async () => {
    const userId = crypto.randomUUID();
    const token = await rt.token({ userId });
    expect((await get('/api/v1.0/organization', token)).status).toBe(403);
    const roles = TableClient.fromConnectionString(rt.storage, 'RoleAssignments', { allowInsecureConnection: true });
    await roles.createEntity({ partitionKey: userId, rowKey: GLOBAL_ADMIN, id: crypto.randomUUID(), directoryScopeId: '/' });
    expect((await get('/api/v1.0/organization', token)).status).toBe(200);
  });

  it('when the OpenAPI document is requested, then it lists the registered endpoints', async () => {
    const res = await get('/api/openapi.json');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/health']?.['get']?.operationId).toBe('health');
    expect(doc.paths['/v1.0/organization']?.['get']?.operationId).toBe('getOrganization');
  });

  it('when an unknown route is called, then it is 404', async () => {
    expect((await get('/api/v1.0/nothing-here')).status).toBe(404);
  });

  it('when a mail goes through the real EmailClient, then /dev/mailbox on the host shows it, and a wrongly signed one is refused', async () => {
    const settings = readLocalSettings(process.cwd());
    const key = parseConnectionString(settings['EMAIL_CONNECTION_STRING']!)['accesskey']!;
    const send = (accessKey: string) =>
      new EmailClient(`endpoint=${rt.servicesUrl}/;accesskey=${accessKey}`, { allowInsecureConnection: true } as object).beginSend(
        {
          senderAddress: 'DoNotReply@fabrikam.example',
          recipients: { to: [{ address: 'anna+partners@contoso.com' }] },
          content: { subject: 'Hello from the foundation test', plainText: 'hi', html: '<p>hi</p>' },
        },
        { updateIntervalInMs: 50 },
      );
    const poller = await send(key);
    expect((await poller.pollUntilDone()).status).toBe('Succeeded');
    await expect(send(Buffer.from('wrong-key').toString('base64')).then((p) => p.pollUntilDone())).rejects.toThrow();

    const mailbox = (await (await get('/dev/mailbox')).json()) as { to: string[]; subject: string; html: string; plainText: string; receivedDateTime: string }[];
    const mine = mailbox.filter((m) => m.subject === 'Hello from the foundation test');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ to: ['anna+partners@contoso.com'], plainText: 'hi', html: '<p>hi</p>' });
    expect((await get('/dev/mail')).headers.get('content-type')).toMatch(/text\/html/);
  });

  it('when the runtime gets SIGINT, then it exits and takes Azurite with it; while storage is down, health is 503', async () => {
    const other = await startRuntime();
    const pid = other.azuritePid!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect((await fetch(`${other.url}/api/health`)).status).toBe(200);
    process.kill(pid, 'SIGSTOP');
    try {
      const res = await fetch(`${other.url}/api/health`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ status: 'unavailable' });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(await other.stop('SIGINT')).toBe(0);
    await expect.poll(() => { try { process.kill(pid, 0); return 'alive'; } catch { return 'gone'; } }, { timeout: 10_000 }).toBe('gone');
  }, 60_000);
});
