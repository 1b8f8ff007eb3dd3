import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_TABLES, outboxRowFilter } from '../../src/storage/outbox-row';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi, invitationBody, uniqueAddress } from './invitations-support';
import { redeemAs } from './redeem-support';

/**
 * Two functions hosts of the app on one Azurite (`npm start -- --hosts 2`), as two Flex
 * Consumption instances: every scenario sends its requests to both at once. What must hold is what
 * one instance guarantees: one guest per address, one mail per outbox entry, limits that count
 * every instance's requests, one winner per decision, and timer work done once.
 */
const EM = 'identityGovernance/entitlementManagement';
const TENANT_LIMIT_PER_5S = 20;
const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody],Display name [displayName],jobTitle';

describe('two instances on one storage account', () => {
  let rt: TestRuntime;
  let hosts: Array<ReturnType<typeof invitationApi>>;
  let inviter: string;
  let admin: string;
  let calls: GraphCall[];
  const host = (i: number) => hosts[i % hosts.length]!;
  const table = (name: string) => TableClient.fromConnectionString(rt.storage, name, { allowInsecureConnection: true });

  /** POST /invitations on instance `i`, waiting out the tenant throttle (429 for seconds) the other scenarios may hit. */
  async function invite(i: number, body: Record<string, unknown>) {
    for (;;) {
      const res = await host(i).call('POST', 'invitations', inviter, body);
      if (res.status !== 429 || Number(res.headers.get('retry-after')) > 5) return res;
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
    }
  }
  const guestsWithMail = async (address: string) => {
    const res = await calls[0]!('GET', `users?$filter=mail eq '${address}'`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.value ?? [];
  };
  const runTimerOnEveryHost = (name: string) =>
    Promise.all(rt.urls.map(async (url) => expect((await fetch(`${url}/admin/functions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' })).status).toBe(202)));

  beforeAll(async () => {
    rt = await startRuntime({ args: ['--hosts', '2'], env: { INVITE_RATE_LIMIT_PER_5S: String(TENANT_LIMIT_PER_5S), EMAIL_RATE_PER_MINUTE: '6000', EMAIL_RATE_PER_HOUR: '360000' } });
    expect(rt.urls).toHaveLength(2);
    expect(new Set(rt.hostPids).size).toBe(2);
    hosts = rt.urls.map((url) => invitationApi({ ...rt, url }));
    inviter = await rt.token({ roles: ['User.Invite.All', 'User.ReadWrite.All'] });
    admin = await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'GroupMember.ReadWrite.All'] });
    calls = rt.urls.map((url) => graphCaller({ ...rt, url }, admin));
  }, 90_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('when one address is invited 16 times across both instances at once, then one guest exists and every admitted answer names it', async () => {
    const address = uniqueAddress();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => invite(i, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: false }))));
    const admitted = answers.filter((a) => a.status === 201);
    // 409/412: a concurrent change won the race; 429: the per-guest mail limit (re-invites count).
    expect(answers.map((a) => a.status).filter((s) => ![201, 409, 412, 429].includes(s)), JSON.stringify(answers.map((a) => a.body))).toEqual([]);
    expect(admitted.length).toBeGreaterThan(0);
    expect(new Set(admitted.map((a) => a.body['invitedUser']['id'])).size).toBe(1);
    expect(await guestsWithMail(address)).toHaveLength(1);
  }, 60_000);

  it('when the guest accepts on both instances at once, then the guest is redeemed once and both pages answer without an error', async () => {
    for (let n = 0; n < 3; n++) {
      const address = uniqueAddress();
      const created = await invite(n, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: false }));
      expect(created.status).toBe(201);
      // The address check and the consent page through the first instance (it serves the mailbox the code goes to)…
      const { visitor, ticket } = await redeemAs(rt, created.body['inviteRedeemUrl'], address);
      // …and Accept posted to both instances at once.
      const decided = await Promise.all(rt.urls.map((url) => visitor.post(`${url}/api/redeem`, { ticket, decision: 'accept' })));
      expect(decided.map((d) => d.status)).toContain(303);
      expect(decided.every((d) => d.status < 500)).toBe(true);
      const guest = await calls[1]!('GET', `users/${created.body['invitedUser']['id']}`);
      expect(guest.body['externalUserState']).toBe('Accepted');
    }
  }, 60_000);

  it('when more invitations than the tenant limit arrive at both instances in one burst, then no more are admitted than one instance would admit', async () => {
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 3 * TENANT_LIMIT_PER_5S }, (_, i) => host(i).call('POST', 'invitations', inviter, invitationBody({ sendInvitationMessage: false }))));
    const seconds = (Date.now() - started) / 1000;
    const admitted = answers.filter((a) => a.status === 201).length;
    expect(answers.every((a) => a.status === 201 || a.status === 429)).toBe(true);
    expect(answers.some((a) => a.status === 429)).toBe(true);
    // A full bucket plus what refills during the burst (limit per 5 s), counted over both instances.
    expect(admitted).toBeLessThanOrEqual(TENANT_LIMIT_PER_5S + Math.ceil((seconds * TENANT_LIMIT_PER_5S) / 5) + 1);
    await new Promise((r) => setTimeout(r, 5_000));
  }, 60_000);

  it('when one guest is resent 12 times across both instances at once, then at most the per-guest limit (5) is admitted, and each admitted resend is one mail', async () => {
    const address = uniqueAddress();
    const created = await invite(0, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: true }));
    expect(created.status).toBe(201);
    const id = created.body['invitedUser']['id'];
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => host(i).call('POST', `users/${id}/invitation/resend`, inviter)));
    const admitted = answers.filter((a) => a.status === 202).length;
    expect(answers.every((a) => [202, 409, 412, 429].includes(a.status)), JSON.stringify(answers.map((a) => [a.status, a.body]))).toBe(true);
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(5);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await host(0).mailsTo(address, admitted + 2, 3_000)).toHaveLength(admitted + 1);
    expect((await host(1).call('GET', `users/${id}/invitation`, inviter)).body['sentCount']).toBe(admitted + 1);
  }, 60_000);

  it('when two approvers approve one request on different instances at once, then exactly one decision wins and the requester is assigned once', async () => {
    const created = async (path: string, body: unknown) => {
      const res = await calls[0]!('POST', path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as Json & { id: string };
    };
    const person = async (name: string) => {
      const nick = `${name}${randomUUID().slice(0, 6)}`;
      const user = await created('users', { accountEnabled: true, displayName: name, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com`, mail: `${nick}@fabrikam.onmicrosoft.com` });
      return { id: user.id, token: await rt.token({ userId: user.id }) };
    };
    const [requester, first, second] = [await person('requester'), await person('first'), await person('second')];
    const group = await created('groups', { displayName: 'Scale', mailNickname: `scale${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false });
    const catalog = await created(`${EM}/catalogs`, { displayName: `Scale ${randomUUID().slice(0, 6)}`, state: 'published', isExternallyVisible: true });
    const resource = await created(`${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: group.id, originSystem: 'AadGroup' }, catalog: { id: catalog.id } });
    const pkg = await created(`${EM}/accessPackages`, { displayName: 'Scale', catalog: { id: catalog.id } });
    await created(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, {
      role: { originId: `Member_${group.id}`, originSystem: 'AadGroup', resource: { id: (resource['resource'] as { id: string }).id } },
      scope: { originId: 'Root', originSystem: 'AadGroup' },
    });
    const single = (userId: string) => ({ '@odata.type': '#microsoft.graph.singleUser', userId });
    const policy = await created(`${EM}/assignmentPolicies`, {
      displayName: 'Two approvers',
      allowedTargetScope: 'allMemberUsers',
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [{ durationBeforeAutomaticDenial: 'P7D', primaryApprovers: [single(first.id), single(second.id)] }] },
      accessPackage: { id: pkg.id },
    });
    const request = await calls[1]!('POST', `${EM}/assignmentRequests`, { requestType: 'userAdd', assignment: { accessPackageId: pkg.id, assignmentPolicyId: policy.id } }, requester.token);
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const requestId = String(request.body['id']);
    const approval = await calls[0]!('GET', `${EM}/assignmentApprovals/${requestId}`, undefined, first.token);
    const stageId = String((approval.body['stages'] as { id: string }[])[0]!.id);
    const decisions = await Promise.all(
      [first, second].map((who, i) => calls[i]!('PATCH', `${EM}/assignmentApprovals/${requestId}/stages/${stageId}`, { reviewResult: 'Approve', justification: 'ok' }, who.token)),
    );
    expect(decisions.map((d) => d.status).sort(), JSON.stringify(decisions.map((d) => d.body))).toEqual([204, 409]);
    await expect.poll(async () => (await calls[1]!('GET', `${EM}/assignmentRequests/${requestId}`)).body['state'], { timeout: 15_000 }).toBe('delivered');
    const assignments = await calls[0]!('GET', `${EM}/assignments?$filter=accessPackage/id eq '${pkg.id}'`);
    expect((assignments.body.value ?? []).filter((a) => (a['target'] as { objectId: string }).objectId === requester.id)).toHaveLength(1);
    const members = await calls[1]!('GET', `groups/${group.id}/members`);
    expect((members.body.value ?? []).map((m) => m['id'])).toEqual([requester.id]);
  }, 90_000);

  it('when a bulk job runs with both instances taking its chunks, then every row is invited once, with one guest and one mail per address', async () => {
    const tag = randomUUID().slice(0, 8);
    const addresses = Array.from({ length: 250 }, (_, i) => `bulk${i}.${tag}@partner.example`);
    const csv = `${HEADER}\r\n${addresses.map((a) => `${a},https://apps.example/welcome,true,,,`).join('\r\n')}\r\n`;
    const res = await fetch(`${rt.urls[1]}/api/v1.0/invitations/bulk`, { method: 'POST', headers: { authorization: `Bearer ${inviter}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    let job: Record<string, any> = {};
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      job = (await (await fetch(location, { headers: { authorization: `Bearer ${inviter}` } })).json()) as Record<string, any>;
      if (String(job['status']).startsWith('completed')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(job).toMatchObject({ status: 'completed', total: 250, processed: 250, succeeded: 250, failed: 0 });
    for (const address of [addresses[0]!, addresses[99]!, addresses[100]!, addresses[249]!]) expect(await guestsWithMail(address)).toHaveLength(1);
    await expect.poll(async () => ((await (await fetch(`${rt.url}/dev/mailbox`)).json()) as { to: string[] }[]).filter((m) => m.to[0]?.endsWith(`.${tag}@partner.example`)).length, { timeout: 60_000 }).toBe(250);
    const perAddress = new Map<string, number>();
    for (const m of (await (await fetch(`${rt.url}/dev/mailbox`)).json()) as { to: string[] }[]) for (const to of m.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect(addresses.filter((a) => perAddress.get(a) !== 1)).toEqual([]);
  }, 180_000);

  it('when every timer is started on both instances at once, then its work is done once: a due reminder is mailed once', async () => {
    const address = uniqueAddress();
    const created = await invite(0, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: false }));
    const guestId = created.body['invitedUser']['id'];
    const reminders = table('InvitationReminders');
    for await (const row of reminders.listEntities<Record<string, unknown>>({ queryOptions: { filter: `guestId eq '${guestId}'` } })) {
      await reminders.deleteEntity(row.partitionKey!, row.rowKey!);
      await reminders.createEntity({ ...row, partitionKey: '2020-01-01', rowKey: `2020-01-01T00:00:00.000Z|${guestId}|${row['index']}`, dueAt: new Date('2020-01-01T00:00:00Z') });
    }
    for (const timer of ['sendInvitationReminders', 'sweepOutbox', 'processEntitlementSchedule', 'resumeGroupEvaluations', 'sweepIdempotencyKeys', 'sweepPortalSignIns', 'purgeDeletedUsers']) {
      await runTimerOnEveryHost(timer);
    }
    await new Promise((r) => setTimeout(r, 4_000));
    // The mailbox is served by the first instance (the dev services are mounted there).
    expect(await host(0).mailsTo(address, 2, 2_000)).toHaveLength(1);
    await expect.poll(async () => (await host(0).call('GET', `users/${guestId}/invitation`, inviter)).body['sentCount'], { timeout: 10_000 }).toBe(1);
  }, 60_000);

  it('when all scenarios are done, then every outbox entry was mailed exactly once', async () => {
    const sentEntries = new Set<string>();
    let pending = -1;
    for (const deadline = Date.now() + 60_000; pending !== 0 && Date.now() < deadline; ) {
      pending = 0;
      sentEntries.clear();
      for (const name of OUTBOX_TABLES) {
        for await (const row of table(name).listEntities<{ outboxId: string; status: string }>({ queryOptions: { filter: outboxRowFilter() } })) {
          if (row.status === 'pending') pending++;
          if (row.status === 'sent') sentEntries.add(row.outboxId);
        }
      }
      if (pending !== 0) await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(pending).toBe(0);
    const mails = (await (await fetch(`${rt.url}/dev/mailbox`)).json()) as { operationId: string }[];
    expect(mails.length).toBeGreaterThan(250);
    expect(new Set(mails.map((m) => m.operationId)).size).toBe(mails.length);
    expect(mails.length).toBe(sentEntries.size);
  }, 90_000);
});
