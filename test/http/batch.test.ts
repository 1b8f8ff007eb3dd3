import { describe, expect, it } from 'vitest';
import { batchBody, runBatch, validateBatch, type BatchRequest, type BatchResponse } from '../../src/http/batch';
import { matchRoute } from '../../src/http/batch-dispatch';
import type { HttpRegistration } from '../../src/http/endpoint';
import { Failure } from '../../src/domain/errors';

const req = (id: string, dependsOn?: string[]): BatchRequest => ({ id, method: 'GET', url: `/things/${id}`, ...(dependsOn ? { dependsOn } : {}) });

function refusal(requests: BatchRequest[]): Failure {
  try {
    validateBatch(requests);
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
  throw new Error('expected the batch to be refused');
}

describe('batch validation', () => {
  it('when there are more than 20 requests, then the body is refused', () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' }));
    expect(batchBody.safeParse({ requests }).success).toBe(false);
    expect(batchBody.safeParse({ requests: requests.slice(0, 20) }).success).toBe(true);
  });

  it('when two requests share an id, then the whole batch is refused naming it', () => {
    const failure = refusal([req('1'), req('1')]);
    expect(failure.code).toBe('invalidRequest');
    expect(failure.message).toContain("'1'");
  });

  it('when dependsOn names an unknown id or the request itself, then the batch is refused', () => {
    expect(refusal([req('1'), req('2', ['9'])]).details[0]?.target).toBe('requests.dependsOn');
    expect(refusal([req('1', ['1'])]).code).toBe('invalidRequest');
  });

  it('when dependsOn forms a cycle, then the batch is refused', () => {
    expect(refusal([req('1', ['3']), req('2', ['1']), req('3', ['2'])]).message).toContain('cycle');
  });

  it('when the dependencies form a chain or a diamond, then the batch is accepted', () => {
    expect(() => validateBatch([req('1'), req('2', ['1']), req('3', ['1']), req('4', ['2', '3'])])).not.toThrow();
  });
});

describe('batch execution', () => {
  const ok = (r: BatchRequest): BatchResponse => ({ id: r.id, status: 200, headers: {} });
  const skipped = (r: BatchRequest): BatchResponse => ({ id: r.id, status: 424, headers: {} });

  it('when requests depend on others, then each runs after its dependencies and responses keep request order', async () => {
    const order: string[] = [];
    const requests = [req('c', ['b']), req('b', ['a']), req('a')];
    const responses = await runBatch(requests, async (r) => (order.push(r.id), await new Promise((res) => setTimeout(res, 5)), ok(r)), skipped);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(responses.map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('when a dependency fails, then its dependents (and theirs) get 424 without running, and independent ones still run', async () => {
    const ran: string[] = [];
    const requests = [req('1'), req('2', ['1']), req('3', ['2']), req('4')];
    const responses = await runBatch(requests, async (r) => (ran.push(r.id), r.id === '1' ? { id: r.id, status: 404, headers: {} } : ok(r)), skipped);
    expect(responses.map((r) => r.status)).toEqual([404, 424, 424, 200]);
    expect(ran.sort()).toEqual(['1', '4']);
  });

  it('when requests are independent, then they run concurrently up to the bound', async () => {
    let active = 0;
    let peak = 0;
    const requests = Array.from({ length: 10 }, (_, i) => req(String(i)));
    await runBatch(
      requests,
      async (r) => {
        peak = Math.max(peak, ++active);
        await new Promise((res) => setTimeout(res, 10));
        active--;
        return ok(r);
      },
      skipped,
      3,
    );
    expect(peak).toBe(3);
  });

  it('when responses come back, then standard header names are spelled as Graph spells them and others are kept', async () => {
    const [response] = await runBatch(
      [req('1')],
      async (r) => ({ id: r.id, status: 201, headers: { 'content-type': 'application/json', location: '/things/1', 'retry-after': '3', 'request-id': 'r1', 'x-ms-resource-unit': '1' } }),
      skipped,
    );
    expect(response!.headers).toEqual({ 'Content-Type': 'application/json', Location: '/things/1', 'Retry-After': '3', 'request-id': 'r1', 'x-ms-resource-unit': '1' });
  });
});

describe('batch route matching', () => {
  const handler = async () => ({ status: 200 });
  const reg = (route: string, method: HttpRegistration['methods'][0], name = route): HttpRegistration => ({ name, route, methods: [method], authLevel: 'anonymous', handler });
  const routes = [reg('v1.0/users', 'GET'), reg('v1.0/users/{id}', 'GET', 'getUser'), reg('v1.0/users/delta', 'GET', 'delta'), reg('v1.0/groups/{id}/members/$ref', 'POST')];

  it('when a URL has a parameter, then it is matched and decoded; literal segments outrank parameters', () => {
    expect(matchRoute(routes, 'GET', 'v1.0/users/abc%40x')).toMatchObject({ registration: { name: 'getUser' }, params: { id: 'abc@x' } });
    expect(matchRoute(routes, 'GET', 'v1.0/users/delta')).toMatchObject({ registration: { name: 'delta' } });
    expect(matchRoute(routes, 'POST', 'v1.0/groups/g1/members/$ref')).toMatchObject({ params: { id: 'g1' } });
  });

  it('when nothing matches the path, then notFound; when only the method differs, then methodMismatch', () => {
    expect(matchRoute(routes, 'GET', 'v1.0/nothing')).toBe('notFound');
    expect(matchRoute(routes, 'GET', 'v1.0/users/a/b/c')).toBe('notFound');
    expect(matchRoute(routes, 'DELETE', 'v1.0/users')).toBe('methodMismatch');
  });
});
