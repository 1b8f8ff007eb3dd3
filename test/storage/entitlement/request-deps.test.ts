import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type RunningAzurite } from '../../../dev/azurite';
import type { AuditInitiator } from '../../../src/domain/audit';
import type { RoleScope } from '../../../src/domain/entitlement/model';
import type { RequestDeps } from '../../../src/domain/entitlement/requests/ports';
import { createServicePrincipal } from '../../../src/domain/applications/create-service-principal';
import { createGroup } from '../../../src/domain/groups/manage-group';
import { createUser } from '../../../src/domain/users/create-user';
import { outboxRowFilter } from '../../../src/storage/outbox-row';

/**
 * The composition root `requestDeps()` on its own Azurite with the real table names, the way the
 * function app wires it: every port against the real users, groups, applications and invitation
 * modules. The settings are the sample local settings, set before the root is first loaded.
 */
type Deps = typeof import('../../../src/deps');

const by: AuditInitiator = { kind: 'system', name: 'request-deps test' };
const PUBLIC_BASE_URL = 'http://127.0.0.1:7071';
const PORTAL = `${PUBLIC_BASE_URL}/api/myaccess`;

let azurite: RunningAzurite;
let root: Deps;
let deps: RequestDeps;

beforeAll(async () => {
  azurite = await startAzurite();
  const sample = JSON.parse(readFileSync(path.resolve(__dirname, '../../../local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };
  Object.assign(process.env, sample.Values, { AzureWebJobsStorage: azurite.connectionString, PUBLIC_BASE_URL, MY_ACCESS_PORTAL_URL: '' });
  root = await import('../../../src/deps');
  const { ensureStorageResources } = await import('../../../src/storage/clients');
  await ensureStorageResources(root.storage());
  deps = root.requestDeps();
});

afterAll(async () => {
  await azurite?.stop();
});

async function member(name: string) {
  const upn = `${name}.${randomUUID().slice(0, 8)}@fabrikam.onmicrosoft.com`;
  return createUser(root.userDeps(), {
    profile: { displayName: name, userPrincipalName: upn, accountEnabled: true, mail: `${name}.${randomUUID().slice(0, 8)}@fabrikam.example` },
    userType: 'Member',
    creationType: null,
    externalUserState: null,
    initiatedBy: by,
  });
}

async function group(name: string) {
  return createGroup(root.groupModule().deps, { displayName: name, mailNickname: name.replace(/\W/g, ''), securityEnabled: true }, by);
}

function scope(overrides: Partial<RoleScope>): RoleScope {
  return {
    id: randomUUID(), accessPackageId: 'pkg', catalogId: 'cat', resourceId: 'res', roleOriginId: '', roleOriginSystem: 'AadGroup',
    scopeOriginId: 'Root', scopeOriginSystem: 'AadGroup', createdAt: new Date().toISOString(), ...overrides,
  };
}

async function outboxRowsIn(table: 'MailOutbox' | 'Invitations') {
  const rows = [];
  for await (const row of root.storage().table(table).listEntities({ queryOptions: { filter: outboxRowFilter() } })) rows.push(row);
  return rows;
}

async function queuedPointers(): Promise<{ outboxId: string; table: string }[]> {
  const { peekedMessageItems } = await root.storage().queue('email-outbox').peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as { outboxId: string; table: string });
}

describe('requestDeps(): the request side wired to the directory on Table Storage', () => {
  it('when asked twice, then the same deps come back', () => {
    expect(root.requestDeps()).toBe(deps);
  });

  it('when an unknown address is ensured, then a guest is created through the invitation use case (creationType Invitation) with a redeem link to the portal and no invitation mail', async () => {
    const email = `new.${randomUUID().slice(0, 8)}@partner.example`;
    const result = await deps.grants.ensureGuest({ email, displayName: 'New Partner' }, by, 'corr-1');

    expect(result.created).toBe(true);
    expect(result.redeemUrl.startsWith(`${PUBLIC_BASE_URL}/`)).toBe(true);
    const stored = (await root.userRepository().get(result.userId))?.user;
    expect(stored).toMatchObject({ userType: 'Guest', creationType: 'Invitation', externalUserState: 'PendingAcceptance', displayName: 'New Partner', mail: email });
    const invitation = (await root.invitationModule().deps.invitations.get(result.userId))?.invitation;
    expect(invitation).toMatchObject({ inviteRedirectUrl: PORTAL, sendInvitationMessage: false, lastOutboxId: null });
    expect(await outboxRowsIn('Invitations')).toEqual([]);
    expect(await outboxRowsIn('MailOutbox')).toEqual([]);
    expect(await queuedPointers()).toEqual([]);
    expect((await deps.people.userByEmail(email.toUpperCase()))?.id).toBe(result.userId);
  });

  it('when the address already belongs to a guest who has not redeemed, then the same guest is reused with a fresh redeem link and still no mail', async () => {
    const email = `again.${randomUUID().slice(0, 8)}@partner.example`;
    const first = await deps.grants.ensureGuest({ email, displayName: null }, by, 'corr-2');
    const second = await deps.grants.ensureGuest({ email: email.toUpperCase(), displayName: null }, by, 'corr-3');
    expect(second).toMatchObject({ userId: first.userId, created: false });
    expect(second.redeemUrl).not.toBe(first.redeemUrl);
    expect(second.redeemUrl.startsWith(`${PUBLIC_BASE_URL}/`)).toBe(true);
    expect(await outboxRowsIn('Invitations')).toEqual([]);
  });

  it('when a pending guest is re-linked more often than the per-guest mail limit, then each delivery still gets a link of its own (links without a mail spend none of the guest\'s mails)', async () => {
    const email = `often.${randomUUID().slice(0, 8)}@partner.example`;
    const first = await deps.grants.ensureGuest({ email, displayName: null }, by, 'corr-a');
    const later = [];
    for (let i = 0; i < 6; i++) later.push(await deps.grants.ensureGuest({ email, displayName: null }, by, `corr-b${i}`));
    expect(later.every((r) => r.userId === first.userId && !r.created)).toBe(true);
    expect(later.every((r) => r.redeemUrl.startsWith(`${PUBLIC_BASE_URL}/api/`) && r.redeemUrl !== PORTAL)).toBe(true);
    expect(new Set(later.map((r) => r.redeemUrl)).size).toBe(6);
    expect(await outboxRowsIn('Invitations')).toEqual([]);
  });

  it('when a delivery is retried with its operation key, then the guest and the link are the first attempt\'s', async () => {
    const email = `retried.${randomUUID().slice(0, 8)}@partner.example`;
    const first = await deps.grants.ensureGuest({ email, displayName: null }, by, 'corr-c', 'delivery|request-1');
    const again = await deps.grants.ensureGuest({ email, displayName: null }, by, 'corr-d', 'delivery|request-1');
    expect(again).toEqual({ ...first, created: false });
  });

  it('when the address belongs to a member, then the member is returned (not created, not refused) with the portal as the link', async () => {
    const user = await member('maria');
    const result = await deps.grants.ensureGuest({ email: user.mail!, displayName: null }, by, 'corr-4');
    expect(result).toEqual({ userId: user.id, redeemUrl: PORTAL, created: false });
    expect((await root.userRepository().get(user.id))?.user.userType).toBe('Member');
  });

  it('when a Member_ role scope is granted twice and revoked twice, then the user is a member once and then not; the repeats are not errors', async () => {
    const user = await member('gina');
    const g = await group('Partners');
    const memberScope = scope({ resourceId: 'res-group', roleOriginId: `Member_${g.id}` });

    await deps.grants.grant(user.id, memberScope, by, 'corr-5');
    await deps.grants.grant(user.id, memberScope, by, 'corr-6');
    expect(await deps.people.isGroupMember(user.id, g.id)).toBe(true);
    expect(await deps.people.groupMemberIds(g.id, 10)).toEqual([user.id]);

    const month = new Date().toISOString().slice(0, 7);
    const audited = (await root.directoryAudit().listMonth(month, { top: 200 })).items.filter((e) => e.correlationId === 'corr-5' || e.correlationId === 'corr-6');
    // One audited add (the repeat changed nothing), in the name of whoever caused it.
    expect(audited.map((e) => [e.activityDisplayName, e.initiatedBy])).toEqual([['Add member to group', by]]);

    await deps.grants.revoke(user.id, memberScope, by, 'corr-7');
    await deps.grants.revoke(user.id, memberScope, by, 'corr-8');
    expect(await deps.people.isGroupMember(user.id, g.id)).toBe(false);
    expect(await deps.people.groupMemberIds(g.id, 10)).toEqual([]);
  });

  it('when an app role scope is granted twice and revoked twice, then the user holds that role on the application once and then not at all', async () => {
    const user = await member('alex');
    const roleId = randomUUID();
    const app = await createServicePrincipal(root.applicationDeps(), {
      principal: { displayName: 'Partner portal', appRoles: [{ id: roleId, displayName: 'Reader', description: null, value: 'Reader', allowedMemberTypes: ['User'], isEnabled: true }] },
      actor: by,
    });
    const resource = { id: randomUUID(), catalogId: 'cat', originId: app.id, originSystem: 'AadApplication' as const, displayName: 'Partner portal', description: null, createdAt: new Date().toISOString() };
    await deps.resources.insert(resource, 'exists');
    const appScope = scope({ resourceId: resource.id, roleOriginId: roleId, roleOriginSystem: 'AadApplication', scopeOriginSystem: 'AadApplication' });
    const assignments = () => root.applicationDeps().assignments.listByPrincipal(user.id, app.id);

    await deps.grants.grant(user.id, appScope, by, 'corr-9');
    await deps.grants.grant(user.id, appScope, by, 'corr-10');
    expect((await assignments()).map((a) => a.appRoleId)).toEqual([roleId]);

    await deps.grants.revoke(user.id, appScope, by, 'corr-11');
    await deps.grants.revoke(user.id, appScope, by, 'corr-12');
    expect(await assignments()).toEqual([]);
  });

  it('when an Owner_ role scope is granted twice and revoked twice, then the user owns the group (not as a member) once and then not at all', async () => {
    const user = await member('olga');
    const g = await group('Owners');
    const ownerScope = scope({ roleOriginId: `Owner_${g.id}` });
    const owners = async () => (await root.groupModule().deps.owners.listOwners(g.id, { top: 10 })).items;

    await deps.grants.grant(user.id, ownerScope, by, 'corr-13');
    await deps.grants.grant(user.id, ownerScope, by, 'corr-13b');
    expect(await owners()).toEqual([user.id]);
    expect(await deps.people.isGroupMember(user.id, g.id)).toBe(false);

    await deps.grants.revoke(user.id, ownerScope, by, 'corr-14');
    await deps.grants.revoke(user.id, ownerScope, by, 'corr-14b');
    expect(await owners()).toEqual([]);
  });

  it('when the group of an Owner_ scope is gone, then granting fails as not found and revoking is a no-op', async () => {
    const user = await member('otto');
    const ownerScope = scope({ roleOriginId: `Owner_${randomUUID()}` });
    await expect(deps.grants.grant(user.id, ownerScope, by, 'corr-14c')).rejects.toMatchObject({ code: 'notFound' });
    await expect(deps.grants.revoke(user.id, ownerScope, by, 'corr-14d')).resolves.toBeUndefined();
  });

  it('when a guest is blocked, unblocked and deleted (twice), then the users module reflects each step', async () => {
    const { userId } = await deps.grants.ensureGuest({ email: `life.${randomUUID().slice(0, 8)}@partner.example`, displayName: null }, by, 'corr-15');
    await deps.grants.setAccountEnabled(userId, false, by, 'corr-16');
    expect((await deps.people.user(userId))?.accountEnabled).toBe(false);
    await deps.grants.setAccountEnabled(userId, true, by, 'corr-17');
    expect((await deps.people.user(userId))?.accountEnabled).toBe(true);

    await deps.grants.deleteUser(userId, by, 'corr-18');
    await deps.grants.deleteUser(userId, by, 'corr-19');
    expect(await deps.people.user(userId)).toBeUndefined();
    expect((await root.userRepository().get(userId))?.user.deletedAt).toBeInstanceOf(Date);
  });

  it('when people are looked up, then users come by id and by any case of their address, and group members are bounded by the limit', async () => {
    const [a, b, c] = [await member('ann'), await member('ben'), await member('cid')];
    const g = await group('Approvers');
    for (const u of [a, b, c]) await root.groupModule().deps.memberships.add(g.id, u.id, new Date());

    expect(await deps.people.user(a.id)).toEqual({
      id: a.id, displayName: 'ann', mail: a.mail, userType: 'Member', accountEnabled: true, creationType: null, managerId: null, preferredLanguage: null,
    });
    expect((await deps.people.userByEmail(a.userPrincipalName.toUpperCase()))?.id).toBe(a.id);
    expect(await deps.people.userByEmail('nobody@partner.example')).toBeUndefined();
    expect(await deps.people.user(randomUUID())).toBeUndefined();
    expect((await deps.people.groupMemberIds(g.id, 10)).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(await deps.people.groupMemberIds(g.id, 2)).toHaveLength(2);
    expect(await deps.people.groupMemberIds(randomUUID(), 10)).toEqual([]);
    expect(await deps.people.isGroupMember(a.id, randomUUID())).toBe(false);
  });

  it('when a user is in a group nested in the policy\'s group, then they count as its member; the nested group is no approver', async () => {
    const [inner, outer] = [await group('Inner partners'), await group('Outer partners')];
    const user = await member('nora');
    await root.groupModule().deps.memberships.add(outer.id, inner.id, new Date(), 'group');
    await root.groupModule().deps.memberships.add(inner.id, user.id, new Date());
    expect(await deps.people.isGroupMember(user.id, outer.id)).toBe(true);
    expect(await deps.people.groupMemberIds(outer.id, 10)).toEqual([]);
    expect(await deps.people.groupMemberIds(inner.id, 10)).toEqual([user.id]);
  });

  it('when the site is read, then it names the organization from settings and the portal base', async () => {
    expect(deps.site.portalBaseUrl).toBe(PORTAL);
    expect(await deps.site.organization()).toEqual({
      displayName: 'Fabrikam (local)',
      defaultDomain: 'fabrikam.onmicrosoft.com',
      initialDomain: 'fabrikam.onmicrosoft.com',
      tenantId: '7d1a4c52-3b0e-4f6a-9c1d-2e5b8a9f0c11',
      preferredLanguage: 'en-US',
      privacyStatementUrl: 'https://fabrikam.example/privacy',
      privacyContactEmail: 'privacy@fabrikam.example',
    });
  });

  it('when a mail is sent, then its row lands in MailOutbox and its pointer on email-outbox', async () => {
    const outboxId = randomUUID();
    await deps.mail.send({
      v: 1, outboxId, kind: 'requestDenied', to: [{ address: 'den@partner.example' }],
      data: { organization: { displayName: 'Fabrikam', domain: 'fabrikam.example', privacyStatementUrl: null, privacyContactEmail: null }, accessPackage: { displayName: 'Pkg' }, reason: 'No', requestsUrl: `${PORTAL}/requests` },
    });
    expect((await outboxRowsIn('MailOutbox')).map((r) => r['outboxId'])).toEqual([outboxId]);
    expect(await queuedPointers()).toEqual([expect.objectContaining({ outboxId, table: 'MailOutbox' })]);
  });

  it('when requests and assignments are stored, then they use their own tables and the package counter sees the assignment', async () => {
    const assignmentId = randomUUID();
    const pkg = randomUUID();
    await deps.packageAssignments.insert({
      id: assignmentId, accessPackageId: pkg, catalogId: 'cat', assignmentPolicyId: 'pol', targetUserId: 'u', state: 'delivered', status: 'Delivered',
      target: { objectId: 'u', email: null, displayName: null, subjectType: 'user', connectedOrganizationId: null },
      schedule: { startDateTime: new Date().toISOString(), expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
      endDateTime: null, expiredDateTime: null, expiryNotices: [], createdTarget: false, createdDateTime: new Date().toISOString(), modifiedDateTime: new Date().toISOString(),
    }, 'exists');
    expect(await deps.assignments.hasActiveAssignments(pkg)).toBe(true);
    expect((await root.storage().table('AccessPackageAssignments').getEntity(assignmentId, ''))['accessPackageId']).toBe(pkg);
    expect(await deps.limiter.take(`test:${pkg}`, [{ name: 'once', capacity: 1, refillPerSecond: 0.0001 }], new Date())).toEqual({ ok: true });
    expect((await deps.limiter.take(`test:${pkg}`, [{ name: 'once', capacity: 1, refillPerSecond: 0.0001 }], new Date())).ok).toBe(false);
  });
});
