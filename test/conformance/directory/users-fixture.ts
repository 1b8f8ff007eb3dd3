import { randomUUID } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { User } from '@microsoft/microsoft-graph-types';
import type { TestRuntime } from '../../support/runtime';
import { graphClient } from '../entitlement/graph-client';

/** The verified domain of the test runtime's organization. */
export const DOMAIN = 'fabrikam.onmicrosoft.com';

/** Directory-wide roles an administrator script of the documented examples holds. */
export const ADMIN_ROLES = ['User.ReadWrite.All', 'Directory.ReadWrite.All', 'Organization.ReadWrite.All', 'Policy.ReadWrite.Authorization', 'AuditLog.Read.All', 'User.Invite.All', 'RoleManagement.ReadWrite.Directory', 'Group.ReadWrite.All'];

/** A fresh tag: every test's users carry one, so shared runtimes do not see each other's data. */
export const tag = (): string => `t${randomUUID().replaceAll('-', '').slice(0, 8)}`;

/** An administrator Graph client for the runtime. */
export async function adminClient(rt: TestRuntime, roles: string[] = ADMIN_ROLES): Promise<Client> {
  return graphClient(rt, await rt.token({ roles }));
}

/** Creates a member user named `displayName` whose UPN starts with `nick`; returns the created user. */
export async function createMember(admin: Client, displayName: string, nick: string, extra: Partial<User> = {}): Promise<User & { id: string }> {
  return (await admin.api('/users').post({
    accountEnabled: true,
    displayName,
    mailNickname: nick,
    userPrincipalName: `${nick}@${DOMAIN}`,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
    ...extra,
  } satisfies User)) as User & { id: string };
}

/** Calls with `ConsistencyLevel: eventual`, as advanced queries need. */
export function eventual(client: Client, path: string) {
  return client.api(path).header('ConsistencyLevel', 'eventual');
}
