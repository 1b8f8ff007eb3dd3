import { describe, expect, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import { createGroup, deleteGroup, finishInterruptedDeletions, updateGroup } from '../../../src/domain/groups/manage-group';
import { addGroupMember, checkMemberGroups } from '../../../src/domain/groups/manage-members';
import { listMemberOf } from '../../../src/domain/groups/read-memberships';
import { compileFilter } from '../../../src/http/odata';
import { groupListSpec } from '../../../src/functions/groups/wire';
import { buildUser, testGroupModule } from './support';

const admin = { kind: 'app', appId: 'admin-app' } as const;
const assigned = (name: string, nick = name.toLowerCase().replace(/\W/g, '')) => ({ displayName: name, mailNickname: nick, securityEnabled: true });
const dynamic = (name: string, rule: string) => ({ ...assigned(name), groupTypes: ['DynamicMembership' as const], membershipRule: rule });

function filter(text: string) {
  const compiled = compileFilter(text, groupListSpec);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value;
}

describe('groups on Table Storage', () => {
  it('when two groups claim the same mailNickname in any case, then the second is a conflict, and renaming frees the old one', async () => {
    const m = await testGroupModule();
    const first = await createGroup(m.deps, assigned('Finance', 'finance'), admin);
    await expect(createGroup(m.deps, assigned('Other', 'FINANCE'), admin)).rejects.toMatchObject({ code: 'conflict' });
    await updateGroup(m.deps, first.id, { mailNickname: 'fin2' }, admin);
    await expect(createGroup(m.deps, assigned('Other', 'Finance'), admin)).resolves.toMatchObject({ mailNickname: 'Finance' });
    await expect(createGroup(m.deps, assigned('Third', 'FIN2'), admin)).rejects.toBeInstanceOf(Failure);
  });

  it('when groups are listed with $filter, then displayName startsWith, securityEnabled and groupTypes/any select the right ones', async () => {
    const m = await testGroupModule();
    await createGroup(m.deps, assigned('Sales EMEA'), admin);
    await createGroup(m.deps, { ...assigned('sales US'), securityEnabled: false }, admin);
    await createGroup(m.deps, dynamic('Sales dynamic', 'user.department -eq "Sales"'), admin);
    await createGroup(m.deps, assigned('Marketing'), admin);
    const names = async (text: string) => (await m.deps.groups.list({ filter: filter(text), top: 100 })).items.map((g) => g.displayName).sort();
    expect(await names("startsWith(displayName,'sales')")).toEqual(['Sales EMEA', 'Sales dynamic', 'sales US']);
    expect(await names("startsWith(displayName,'sales') and securityEnabled eq true")).toEqual(['Sales EMEA', 'Sales dynamic']);
    expect(await names("groupTypes/any(t:t eq 'DynamicMembership')")).toEqual(['Sales dynamic']);
    expect(await names("displayName eq 'MARKETING'")).toEqual(['Marketing']);
  });

  it('when a group is deleted, then it is gone from reads, lists, the dynamic index and its nickname is free again, and its other relationships are purged', async () => {
    const purged: string[] = [];
    const m = await testGroupModule({ groupLifecycles: [{ principalPurged: async (id) => void purged.push(id) }] });
    const group = await createGroup(m.deps, dynamic('Temp', 'user.city -eq "Delft"'), admin);
    expect((await m.deps.groups.listDynamic()).map((d) => d.groupId)).toEqual([group.id]);
    await deleteGroup(m.deps, group.id, admin);
    expect(await m.deps.groups.get(group.id)).toBeUndefined();
    expect((await m.deps.groups.list({ top: 100 })).items).toEqual([]);
    expect(await m.deps.groups.listDynamic()).toEqual([]);
    expect(purged).toEqual([group.id]);
    await expect(deleteGroup(m.deps, group.id, admin)).rejects.toMatchObject({ code: 'notFound' });
    await expect(createGroup(m.deps, assigned('Temp again', 'temp'), admin)).resolves.toBeDefined();
    expect(m.audit.entries.map((e) => e.activityDisplayName)).toEqual(['Add group', 'Delete group', 'Add group']);
  });

  it('when a rule changes, then the dynamic index carries the new rule, version and properties and restarts at the first page', async () => {
    const m = await testGroupModule();
    const group = await createGroup(m.deps, dynamic('Dyn', 'user.city -eq "Delft"'), admin);
    await updateGroup(m.deps, group.id, { description: 'only text' }, admin);
    expect(await m.deps.groups.getProgress(group.id)).toMatchObject({ ruleVersion: 1 });
    await updateGroup(m.deps, group.id, { membershipRule: 'user.department -eq "Sales" -and user.country -eq "NL"' }, admin);
    expect(await m.deps.groups.getProgress(group.id)).toMatchObject({ ruleVersion: 2, nextPage: '', ruleProperties: ['department', 'country'] });
    await updateGroup(m.deps, group.id, { groupTypes: [] }, admin);
    expect(await m.deps.groups.getProgress(group.id)).toBeUndefined();
    expect((await m.deps.groups.get(group.id))?.value).toMatchObject({ groupTypes: [], membershipRule: null, membershipRuleProcessingState: null });
    const update = m.audit.entries.filter((e) => e.activityDisplayName === 'Update group').map((e) => e.targetResources[0]?.modifiedProperties?.map((p) => p.displayName));
    expect(update).toEqual([['description'], ['membershipRule'], ['groupTypes', 'membershipRule', 'membershipRuleProcessingState']]);
  });

  it('when a rule has a syntax error, then creating or patching fails naming membershipRule and the position', async () => {
    const m = await testGroupModule();
    await expect(createGroup(m.deps, dynamic('Bad', 'user.department -eq'), admin)).rejects.toMatchObject({
      code: 'validationFailed',
      message: expect.stringMatching(/position \d+/),
      details: [{ target: 'membershipRule' }],
    });
    const group = await createGroup(m.deps, dynamic('Good', 'user.department -eq "x"'), admin);
    await expect(updateGroup(m.deps, group.id, { membershipRule: '(user.city -eq "a"' }, admin)).rejects.toMatchObject({ details: [{ target: 'membershipRule' }] });
  });

  it.each(['a retried DELETE', 'the sweep'])('when deleting a group crashes while its memberships are removed, then the group and its memberships are already invisible, and %s finishes it', async (finisher) => {
    const users = [buildUser(), buildUser(), buildUser()];
    let writes = 0;
    const m = await testGroupModule({
      users,
      membershipOptions: {
        afterStep(step) {
          // Crash in the middle of the clean-up: after the second membership's forward row is gone.
          if (step === 'forward-deleted' && ++writes === 2) throw new Error('crash');
        },
      },
    });
    const [doomed, kept] = [await createGroup(m.deps, assigned('Doomed'), admin), await createGroup(m.deps, assigned('Kept'), admin)];
    for (const u of users) await addGroupMember(m.deps, doomed.id, u.id, admin);
    await addGroupMember(m.deps, kept.id, users[0]!.id, admin);

    await expect(deleteGroup(m.deps, doomed.id, admin)).rejects.toThrow('crash');
    expect(await m.deps.groups.get(doomed.id)).toBeUndefined();
    for (const u of users) {
      expect((await listMemberOf(m.deps, u.id, { top: 100 })).items.map((g) => g.id)).toEqual(u === users[0] ? [kept.id] : []);
      expect(await checkMemberGroups(m.deps, u.id, [doomed.id, kept.id])).toEqual(u === users[0] ? [kept.id] : []);
      expect(await m.reader.groupIdsOf(u.id)).toEqual(u === users[0] ? [kept.id] : []);
    }

    expect(await m.deps.groups.listDeleting()).toEqual([doomed.id]);
    if (finisher === 'the sweep') expect(await finishInterruptedDeletions(m.deps)).toEqual([doomed.id]);
    else await deleteGroup(m.deps, doomed.id, admin);
    expect(await m.deps.groups.listDeleting()).toEqual([]);
    expect(await m.deps.groups.getDeleting(doomed.id)).toBeUndefined();
    expect((await m.deps.memberships.listMembers(doomed.id, { top: 100 })).items).toEqual([]);
    for (const u of users) expect(await m.deps.memberships.groupIdsOf(u.id)).toEqual(u === users[0] ? [kept.id] : []);
    expect(m.audit.entries.filter((e) => e.activityDisplayName === 'Delete group')).toHaveLength(1);
  });
});
