import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { HttpRegistration } from '../../src/http/endpoint';
import { unmatchedRoute } from '../../src/http/unmatched-route';

const handler = async () => ({ status: 200 });
const registrations: HttpRegistration[] = [
  { name: 'getThing', route: 'v1.0/things/{id}', methods: ['GET'], authLevel: 'anonymous', handler },
  { name: 'updateThing', route: 'v1.0/things/{id}', methods: ['PATCH'], authLevel: 'anonymous', handler },
];
const now = new Date('2026-01-02T03:04:05Z');
const call = (method: string, path: string) => unmatchedRoute(registrations, new HttpRequest({ method, url: `http://127.0.0.1:7071${path}`, headers: { 'client-request-id': 'abc' } }), now);

describe('unmatchedRoute', () => {
  it('when no endpoint has the path, then it is a 404 with a Graph error body', () => {
    const res = call('GET', '/api/v1.0/nothing/here');
    expect(res.status).toBe(404);
    expect(res.jsonBody).toEqual({ error: { code: 'Request_ResourceNotFound', message: expect.stringContaining('/api/v1.0/nothing/here'), innerError: { 'request-id': expect.any(String), date: '2026-01-02T03:04:05Z', 'client-request-id': 'abc' } } });
  });

  it('when the path exists for other methods only, then it is a 405 that lists them in Allow', () => {
    const res = call('DELETE', '/api/v1.0/things/42');
    expect(res.status).toBe(405);
    expect((res.headers as Record<string, string>)['allow']).toBe('GET, PATCH');
    expect((res.jsonBody as { error: { message: string } }).error.message).toContain("'DELETE'");
  });
});
