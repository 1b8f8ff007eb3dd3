import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { inject } from 'vitest';
import type { AuditEntry } from '../../../src/domain/audit';
import type { PrincipalLifecycle, UserChangeObserver } from '../../../src/domain/directory/ports';
import type { CreateUserInput } from '../../../src/domain/users/create-user';
import type { UserDeps } from '../../../src/domain/users/ports';
import { createTableUserRepository, type UserRepositoryHooks } from '../../../src/storage/user-repository';

export async function freshTable(prefix: string): Promise<TableClient> {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `${prefix}${randomUUID().replace(/-/g, '')}`, { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

/** Records every lifecycle and observer call, in order. */
export function recorder() {
  const calls: string[] = [];
  const lifecycle: PrincipalLifecycle = {
    principalDeleted: async (id) => void calls.push(`deleted:${id}`),
    principalRestored: async (id) => void calls.push(`restored:${id}`),
    principalPurged: async (id) => void calls.push(`purged:${id}`),
  };
  const observer: UserChangeObserver = {
    userChanged: async ({ before, after }) => void calls.push(`changed:${before?.id ?? '-'}>${after?.id ?? '-'}`),
  };
  return { calls, lifecycle, observer };
}

export interface TestUserDeps extends UserDeps {
  audits: AuditEntry[];
  clock: { now: Date };
  calls: string[];
}

/** Use-case deps on fresh Azurite tables, with a settable clock and recording ports. */
export async function buildUserDeps(options: { hooks?: UserRepositoryHooks; observers?: UserChangeObserver[] } = {}): Promise<TestUserDeps> {
  const [users, addresses] = await Promise.all([freshTable('u'), freshTable('ua')]);
  const audits: AuditEntry[] = [];
  const clock = { now: new Date('2026-11-01T10:00:00Z') };
  const rec = recorder();
  return {
    users: createTableUserRepository(users, addresses, options.hooks),
    audit: { append: async (e) => void audits.push(e) },
    observers: options.observers ?? [rec.observer],
    lifecycles: [rec.lifecycle],
    verifiedDomains: async () => ['fabrikam.onmicrosoft.com', 'fabrikam.com'],
    now: () => clock.now,
    newId: () => randomUUID(),
    audits,
    clock,
    calls: rec.calls,
  };
}

/** A member-create input; override what the test cares about. */
export function buildCreateInput(overrides: Partial<CreateUserInput['profile']> = {}, rest: Partial<CreateUserInput> = {}): CreateUserInput {
  const alias = `user${randomUUID().slice(0, 8)}`;
  return {
    profile: { displayName: 'Anna Jansen', userPrincipalName: `${alias}@fabrikam.com`, accountEnabled: true, mailNickname: alias, ...overrides },
    userType: 'Member',
    creationType: null,
    externalUserState: null,
    initiatedBy: { kind: 'app', appId: 'test-app' },
    ...rest,
  };
}
