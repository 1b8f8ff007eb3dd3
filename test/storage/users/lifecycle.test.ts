import { describe, expect, it } from 'vitest';
import { repairPendingChanges } from '../../../src/domain/users/consequences';
import { createUser } from '../../../src/domain/users/create-user';
import { deleteUser, purgeDeletedUsers, restoreUser } from '../../../src/domain/users/delete-user';
import { findUserByEmail, getUser } from '../../../src/domain/users/find-user';
import { setManager, updateUser } from '../../../src/domain/users/update-user';
import { createUserDirectory } from '../../../src/domain/users/user-directory';
import { buildCreateInput, buildUserDeps } from './support';

const by = { initiatedBy: { kind: 'app' as const, appId: 'test-app' } };
const DAY = 86_400_000;

describe('user lifecycle on Azurite', () => {
  it('when a user is deleted and restored, then it comes back whole and the lifecycle ports and observers are called in order', async () => {
    const deps = await buildUserDeps();
    const anna = await createUser(deps, buildCreateInput({ mail: 'anna.l@contoso.com', department: 'Sales' }));
    await deleteUser(deps, { id: anna.id, ...by });
    await expect(getUser(deps, anna.id)).rejects.toMatchObject({ code: 'notFound' });
    expect(await findUserByEmail(deps, 'anna.l@contoso.com')).toBeUndefined();
    expect(await createUserDirectory(deps.users).getUser(anna.id)).toBeUndefined();

    const restored = await restoreUser(deps, { id: anna.id, ...by });
    expect(restored).toMatchObject({ id: anna.id, department: 'Sales', deletedAt: null });
    expect((await findUserByEmail(deps, 'anna.l@contoso.com'))?.id).toBe(anna.id);
    expect(deps.calls).toEqual([`changed:->${anna.id}`, `deleted:${anna.id}`, `changed:${anna.id}>-`, `restored:${anna.id}`, `changed:->${anna.id}`]);
    expect(deps.audits.map((a) => a.activityDisplayName)).toEqual(['Add user', 'Delete user', 'Restore user']);
  });

  it('when a deleted user is 30 days old, then the purge keeps it; after 30 days it removes it for good and frees its addresses', async () => {
    const deps = await buildUserDeps();
    const anna = await createUser(deps, buildCreateInput({ mail: 'purge@contoso.com' }));
    await deleteUser(deps, { id: anna.id, ...by });
    await expect(createUser(deps, buildCreateInput({ mail: 'purge@contoso.com' }))).rejects.toMatchObject({ code: 'conflict' });
    const deletedAt = deps.clock.now.getTime();

    deps.clock.now = new Date(deletedAt + 30 * DAY - 1000);
    expect(await purgeDeletedUsers(deps, by)).toEqual([]);
    deps.clock.now = new Date(deletedAt + 30 * DAY + 1000);
    expect(await purgeDeletedUsers(deps, by)).toEqual([anna.id]);
    expect(await deps.users.get(anna.id)).toBeUndefined();
    expect(deps.calls).toContain(`purged:${anna.id}`);
    await expect(restoreUser(deps, { id: anna.id, ...by })).rejects.toMatchObject({ code: 'notFound' });
    expect(await createUser(deps, buildCreateInput({ mail: 'purge@contoso.com' }))).toMatchObject({ mail: 'purge@contoso.com' });
  });

  it('when an observer fails after the write, then the create still succeeds, the change stays marked and the repair sweep tells the observers later', async () => {
    let failing = true;
    const told: string[] = [];
    const deps = await buildUserDeps({
      observers: [{ userChanged: async ({ after }) => { if (failing) throw new Error('groups module down'); told.push(after?.department ?? '-'); } }],
    });
    const input = buildCreateInput({ department: 'Legal' });
    const deferred: unknown[] = [];
    deps.onDeferred = (e) => deferred.push(e);
    await createUser(deps, input);
    expect(String(deferred[0])).toContain('groups module down');
    const stored = (await deps.users.findUserIdByAddress(input.profile.userPrincipalName))!;
    expect((await deps.users.get(stored))?.pending?.kind).toBe('created');

    failing = false;
    expect(await repairPendingChanges(deps)).toBe(0);
    deps.clock.now = new Date(deps.clock.now.getTime() + 10 * 60_000);
    expect(await repairPendingChanges(deps)).toBe(1);
    expect(told).toEqual(['Legal']);
    expect((await deps.users.get(stored))?.pending).toBeNull();
  });

  it('when a manager is set, then it is stored; a cycle or a missing manager is refused', async () => {
    const deps = await buildUserDeps();
    const boss = await createUser(deps, buildCreateInput());
    const anna = await createUser(deps, buildCreateInput());
    await setManager(deps, { id: anna.id, managerId: boss.id, ...by });
    expect((await getUser(deps, anna.id)).managerId).toBe(boss.id);
    await expect(setManager(deps, { id: boss.id, managerId: anna.id, ...by })).rejects.toMatchObject({ code: 'invalidRequest' });
    await expect(setManager(deps, { id: anna.id, managerId: crypto.randomUUID(), ...by })).rejects.toMatchObject({ code: 'notFound' });
  });

  it('when usageLocation is not an assigned ISO 3166 code, then the change is refused naming the field; NL is accepted', async () => {
    const deps = await buildUserDeps();
    const anna = await createUser(deps, buildCreateInput());
    for (const bad of ['XX', 'UK', 'EU', 'nl']) {
      await expect(updateUser(deps, { id: anna.id, changes: { usageLocation: bad }, ...by })).rejects.toMatchObject({
        code: 'validationFailed',
        details: [{ target: 'usageLocation' }],
      });
    }
    await updateUser(deps, { id: anna.id, changes: { usageLocation: 'NL' }, ...by });
    expect((await getUser(deps, anna.id)).usageLocation).toBe('NL');
    const audit = deps.audits.at(-1)!;
    expect(audit.targetResources[0]?.modifiedProperties).toEqual([{ displayName: 'usageLocation', oldValue: null, newValue: '"NL"' }]);
  });

  it('when the UPN is in a domain the organization has not verified, then the create is refused naming userPrincipalName', async () => {
    const deps = await buildUserDeps();
    await expect(createUser(deps, buildCreateInput({ userPrincipalName: 'anna@contoso.com' }))).rejects.toMatchObject({
      code: 'validationFailed',
      details: [{ target: 'userPrincipalName' }],
    });
  });

  it('when a guest UPN with #EXT# is looked up, then the index finds it', async () => {
    const deps = await buildUserDeps();
    const guest = await createUser(deps, buildCreateInput(
      { userPrincipalName: 'john_contoso.com#EXT#@fabrikam.onmicrosoft.com', mail: 'john@contoso.com', otherMails: ['john@contoso.com'] },
      { userType: 'Guest', creationType: 'Invitation', externalUserState: 'PendingAcceptance' },
    ));
    expect((await getUser(deps, 'JOHN_contoso.com#EXT#@fabrikam.onmicrosoft.com')).id).toBe(guest.id);
    expect((await findUserByEmail(deps, 'John@Contoso.com'))?.externalUserState).toBe('PendingAcceptance');
  });
});
