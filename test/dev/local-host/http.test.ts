import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAMPLE_APP, sampleEnv, spawnHost, type HostProcess } from './support';

describe('local host HTTP functions (sample app in a child process)', () => {
  let host: HostProcess;
  beforeAll(async () => {
    host = await spawnHost(SAMPLE_APP, sampleEnv(inject('azuriteConnectionString')));
  }, 30_000);
  afterAll(async () => {
    await host?.stop();
  });

  const call = (path: string, init?: RequestInit) => fetch(`${host.url}${path}`, init);
  const json = async (path: string, init?: RequestInit) => {
    const res = await call(path, init);
    expect(res.status).toBe(200);
    return res.json() as Promise<{ fn: string; params: Record<string, string> }>;
  };

  it('when a literal route and a parameter route both match, then the literal one handles it although registered later', async () => {
    expect(await json('/api/users/delta')).toEqual({ fn: 'usersDelta', params: {} });
    expect(await json('/api/users/42')).toEqual({ fn: 'getUser', params: { id: '42' } });
  });

  it('when Azure would order the overlapping routes differently, then start-up warns about it', () => {
    expect(host.stderr()).toMatch(/Route 'users\/delta' \(usersDelta\) is also matched by 'users\/\{id\}' \(getUser\)/);
  });

  it('when an optional parameter is left out, then it is absent from params; when given, it is passed', async () => {
    expect((await json('/api/items/books')).params).toEqual({ category: 'books' });
    expect((await json('/api/items/books/7')).params).toEqual({ category: 'books', id: '7' });
  });

  it('when a catch-all route is called, then the rest of the path (decoded) is one parameter', async () => {
    expect((await json('/api/files/a/b%20c/d.txt')).params).toEqual({ path: 'a/b c/d.txt' });
  });

  it('when a segment holds an escaped slash, then it stays escaped and inside its segment, as in Kestrel', async () => {
    expect(await json('/api/users/a%2Fb%20c')).toEqual({ fn: 'getUser', params: { id: 'a%2Fb c' } });
  });

  it('when a value breaks an int or guid constraint, then no route matches and the answer is an empty 404', async () => {
    expect((await json('/api/orders/12')).params).toEqual({ id: '12' });
    const notInt = await call('/api/orders/twelve');
    expect(notInt.status).toBe(404);
    expect(await notInt.text()).toBe('');
    expect((await json('/api/things/6f1c4a5e-2f7b-4d7e-9a39-0c1d2e3f4a5b')).fn).toBe('thingById');
    expect((await call('/api/things/not-a-guid')).status).toBe(404);
  });

  it('when the method is not one the function accepts, then the host answers 404 like the Functions host', async () => {
    expect((await call('/api/echo')).status).toBe(404);
    expect((await call('/api/echo', { method: 'DELETE' })).status).toBe(404);
  });

  it('when a function has no route, then it is served under its name; paths are case-insensitive', async () => {
    const res = await call('/API/noroute/');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('reached by function name');
  });

  it('when a request carries query, headers, a body and a function key, then the handler sees them and the key is not enforced', async () => {
    const res = await call('/api/echo?tag=a&tag=b&code=not-a-real-key', {
      method: 'PUT',
      headers: { 'x-test': 'header value', 'x-functions-key': 'also-not-real' },
      body: 'hello body',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      method: 'PUT',
      url: `${host.url}/api/echo?tag=a&tag=b&code=not-a-real-key`,
      // The host joins repeated query values with a comma.
      query: { tag: 'a,b', code: 'not-a-real-key' },
      header: 'header value',
      text: 'hello body',
    });
  });

  it('when a handler returns status, headers and jsonBody, then the response carries them with a JSON content type', async () => {
    const res = await call('/api/things', { method: 'POST', body: JSON.stringify({ name: 'thing' }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/things/1');
    expect(res.headers.get('x-custom')).toBe('yes');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ received: { name: 'thing' } });
  });

  it('when a handler sets cookies, then each becomes a Set-Cookie line with every attribute, as ASP.NET Core writes it', async () => {
    const res = await call('/api/cookies');
    expect(res.headers.getSetCookie()).toEqual([
      'session=a%20b%3Bc; expires=Tue, 01 Jan 2030 00:00:00 GMT; max-age=3600; domain=localhost; path=/api; secure; samesite=strict; httponly',
      'plain=v; path=/',
    ]);
    expect(await res.text()).toBe('cookies set');
  });

  it('when binary bytes are posted, then they come back byte for byte', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]), randomBytes(64 * 1024)]);
    const res = await call('/api/binary', { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('when a handler throws, then the answer is an empty 500 and the error is only in the log', async () => {
    const res = await call('/api/boom');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    await expect.poll(() => host.stderr()).toMatch(/Executed 'Functions\.boom' \(Failed, Id=[0-9a-f-]{36}, Duration=\d+ms\)/);
    expect(host.stderr()).toContain('kaboom: internal detail');
  });

  it('when a handler returns nothing, then the answer is 204 No Content', async () => {
    const res = await call('/api/nothing');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('when hooks are registered, then appStart ran before requests and pre/post invocation hooks wrap the handler', async () => {
    const res = await call('/api/hooked');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-wrapped')).toBe('yes');
    expect(res.headers.get('x-hook')).toBe('pre-post');
    expect(await res.json()).toEqual({ appStartHookData: { startedBy: 'appStart' } });
  });

  it('when a path is outside every route, then the answer is an empty 404', async () => {
    expect((await call('/api/no/such/route')).status).toBe(404);
    expect((await call('/elsewhere')).status).toBe(404);
  });

  it('when GET /admin/functions is called, then it lists each function with its trigger details', async () => {
    const res = await call('/admin/functions');
    const list = (await res.json()) as Record<string, unknown>[];
    expect(list).toEqual(host.functions);
    expect(list).toContainEqual({ name: 'echo', trigger: 'http', route: 'echo', methods: ['POST', 'PUT'] });
    expect(list).toContainEqual({ name: 'noRoute', trigger: 'http', route: 'noRoute', methods: ['GET'] });
    expect(list).toContainEqual({ name: 'everySecond', trigger: 'timer', schedule: '*/1 * * * * *' });
    expect(list.find((f) => f.name === 'recordMessage')).toMatchObject({ trigger: 'queue', queueName: expect.stringMatching(/^lh-in-/) });
  });
});
