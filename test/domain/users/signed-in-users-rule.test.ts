import { describe, expect, it } from 'vitest';
import { mayCall } from '../../../src/domain/access';
import { DIRECTORY_ROLE_TEMPLATE_IDS, type Principal } from '../../../src/domain/principal';

const user = (userId: string): Principal => ({ kind: 'user', userId, scopes: new Set() });
const noRoles = async () => [] as string[];
const types: Record<string, 'Member' | 'Guest'> = { member: 'Member', guest: 'Guest' };
const userTypeOf = async (id: string) => types[id];

describe('the signedInUsers rule of the access table', () => {
  it('when a role-less member or guest reads users, then both pass (guests are narrowed by the handler); an unknown user does not', async () => {
    expect(await mayCall(user('member'), 'listUsers', noRoles, userTypeOf)).toBe(true);
    expect(await mayCall(user('guest'), 'getUser', noRoles, userTypeOf)).toBe(true);
    expect(await mayCall(user('stranger'), 'getUser', noRoles, userTypeOf)).toBe(false);
  });

  it('when a role-less member changes a user, then the rule has no signedInUsers and refuses', async () => {
    expect(await mayCall(user('member'), 'updateUser', noRoles, userTypeOf)).toBe(false);
    expect(await mayCall(user('member'), 'updateUser', async () => [DIRECTORY_ROLE_TEMPLATE_IDS['User Administrator']], userTypeOf)).toBe(true);
  });

  it('when no user type lookup is wired, then only roles and permissions count', async () => {
    expect(await mayCall(user('member'), 'listUsers', noRoles)).toBe(false);
  });
});
