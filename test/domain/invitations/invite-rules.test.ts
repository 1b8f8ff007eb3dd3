import { describe, expect, it } from 'vitest';
import { checkAssignmentRights, mayInvite, mayInviteMembers } from '../../../src/domain/invitations/invite-rules';
import { buildCaller } from './doubles';

const member = buildCaller();
const guest = buildCaller({ userType: 'Guest' });
const guestInviter = buildCaller({ userType: 'Guest', roles: ['Guest Inviter'] });
const userAdmin = buildCaller({ roles: ['User Administrator'] });
const globalAdmin = buildCaller({ roles: ['Global Administrator'] });
const app = buildCaller({ kind: 'app', permissions: ['User.Invite.All'] });

describe('mayInvite (allowInvitesFrom)', () => {
  it.each([
    ['everyone', [member, guest, guestInviter, userAdmin, globalAdmin, app], []],
    ['adminsGuestInvitersAndAllMembers', [member, guestInviter, userAdmin, globalAdmin, app], [guest]],
    ['adminsAndGuestInviters', [guestInviter, userAdmin, globalAdmin, app], [member, guest]],
    ['none', [], [member, guest, guestInviter, userAdmin, globalAdmin, app]],
  ] as const)('when the setting is %s, then exactly the expected callers may invite', (setting, allowed, refused) => {
    for (const caller of allowed) expect(mayInvite(caller, setting), `${caller.kind} ${[...caller.roles]} ${caller.userType}`).toBe(true);
    for (const caller of refused) expect(mayInvite(caller, setting), `${caller.kind} ${[...caller.roles]} ${caller.userType}`).toBe(false);
  });
});

describe('mayInviteMembers', () => {
  it('when the caller is a User or Global Administrator or an app that may write users, then Member may be invited; Guest Inviters may not', () => {
    expect([userAdmin, globalAdmin, buildCaller({ kind: 'app', permissions: ['User.ReadWrite.All'] })].map(mayInviteMembers)).toEqual([true, true, true]);
    expect([member, guestInviter, app].map(mayInviteMembers)).toEqual([false, false, false]);
  });
});

describe('checkAssignmentRights', () => {
  const role = { type: 'directoryRole', roleDefinitionId: 'r' } as const;
  const group = { type: 'group', id: 'g' } as const;
  it('when a directory role is assigned without Privileged Role Administrator, then 403 even for a User Administrator', () => {
    expect(() => checkAssignmentRights(userAdmin, [role])).toThrow(expect.objectContaining({ code: 'accessDenied' }));
    expect(() => checkAssignmentRights(buildCaller({ roles: ['Privileged Role Administrator'] }), [role])).not.toThrow();
    expect(() => checkAssignmentRights(buildCaller({ kind: 'app', permissions: ['RoleManagement.ReadWrite.Directory'] }), [role])).not.toThrow();
    expect(() => checkAssignmentRights(globalAdmin, [role, group])).not.toThrow();
  });
  it('when a Guest Inviter assigns a group, then 403 (invite and nothing else)', () => {
    expect(() => checkAssignmentRights(guestInviter, [group])).toThrow(expect.objectContaining({ code: 'accessDenied' }));
    expect(() => checkAssignmentRights(userAdmin, [group])).not.toThrow();
    expect(() => checkAssignmentRights(guestInviter, [])).not.toThrow();
  });
});
