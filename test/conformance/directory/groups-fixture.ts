import { randomUUID } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Group, User } from '@microsoft/microsoft-graph-types';
import type { TestRuntime } from '../../support/runtime';
import { graphClient } from '../entitlement/graph-client';

/** What the documented group examples assume exists (their ids adapted). */
export interface GroupsWorld {
  rt: TestRuntime;
  /** App-only, with the write permissions the examples need. */
  admin: Client;
  /** App-only, read only (Directory.Read.All). */
  reader: Client;
  user(name: string): Promise<User & { id: string }>;
  group(overrides?: Partial<Group> & Record<string, unknown>): Promise<Group & { id: string }>;
  /** A full URL of an object as the documentation writes it. */
  ref(set: 'directoryObjects' | 'users' | 'groups', id: string): string;
}

export const GRAPH = 'https://graph.microsoft.com/v1.0';

export async function buildGroupsWorld(rt: TestRuntime): Promise<GroupsWorld> {
  const admin = graphClient(rt, await rt.token({ roles: ['User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Directory.ReadWrite.All', 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All'] }));
  const reader = graphClient(rt, await rt.token({ roles: ['Directory.Read.All'] }));
  return {
    rt,
    admin,
    reader,
    async user(name) {
      const nick = `${name.replace(/\W/g, '')}${randomUUID().slice(0, 6)}`;
      const upn = `${nick}@fabrikam.onmicrosoft.com`;
      return (await admin.api('/users').post({ accountEnabled: true, displayName: name, mailNickname: nick, userPrincipalName: upn, mail: upn })) as User & { id: string };
    },
    async group(overrides = {}) {
      return (await admin.api('/groups').post({
        displayName: `Group ${randomUUID().slice(0, 6)}`,
        mailNickname: `g${randomUUID().slice(0, 8)}`,
        mailEnabled: false,
        securityEnabled: true,
        ...overrides,
      })) as Group & { id: string };
    },
    ref: (set, id) => `${GRAPH}/${set}/${id}`,
  };
}

export const nick = (prefix: string): string => `${prefix}${randomUUID().slice(0, 8)}`;
