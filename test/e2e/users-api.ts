import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { expect } from 'vitest';
import { DIRECTORY_ROLE_TEMPLATE_IDS, type DirectoryRoleName } from '../../src/domain/principal';
import type { TestRuntime } from '../support/runtime';

/** Small HTTP helpers for the users/organization/policies/audit end-to-end tests. */
export function usersApi(rt: TestRuntime) {
  async function call(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${rt.url}/api/v1.0${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
  }
  return {
    call,
    app: (...roles: string[]) => rt.token({ roles }),
    /** A delegated token for `userId`, after giving that user the directory roles named. */
    async user(userId: string, ...roles: DirectoryRoleName[]) {
      const table = TableClient.fromConnectionString(rt.storage, 'RoleAssignments', { allowInsecureConnection: true });
      for (const role of roles) {
        await table.upsertEntity({ partitionKey: userId, rowKey: DIRECTORY_ROLE_TEMPLATE_IDS[role], id: randomUUID(), directoryScopeId: '/' });
      }
      return rt.token({ userId });
    },
  };
}

/** A POST /users body; override what the test cares about. */
export function memberBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const alias = `m${randomUUID().slice(0, 8)}`;
  return {
    accountEnabled: true,
    displayName: `Member ${alias}`,
    mailNickname: alias,
    userPrincipalName: `${alias}@fabrikam.onmicrosoft.com`,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
    ...overrides,
  };
}

/** Asserts a Graph error with a detail naming `target`. */
export function expectNamedField(body: Record<string, any>, target: string): void {
  const targets = (body['error']?.details ?? []).map((d: { target: string }) => d.target);
  expect(targets.some((t: string) => t === target || t.startsWith(`${target}.`) || t.startsWith(`${target}[`)), JSON.stringify(body)).toBe(true);
}
