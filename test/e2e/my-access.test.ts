import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi } from './invitations-support';
import { passcodeFor, portalVisitor, signIn } from './my-access-support';

const EM = 'identityGovernance/entitlementManagement';
const ROLES = 'roleManagement/entitlementManagement/roleAssignments';
const CATALOG_ROLE = { owner: 'ae79f266-94d4-4dab-b730-feca7e132178', reader: '44272f93-9762-48e8-af59-1b5351b1d6b3', packageManager: '7f480852-ebdc-47d4-87de-0d8498384a83', assignmentManager: 'e2182095-804a-4656-ae11-64734e9b7ae5' };
const DIRECTORY_ROLE = { userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1', identityGovernance: '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e' };

let rt: TestRuntime;
let call: GraphCall;
const suffix = () => randomUUID().slice(0, 8);
const client = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}, 10.0.0.${Math.floor(Math.random() * 250) + 1}`;

async function created(path: string, body: unknown): Promise<Json & { id: string }> {
  const res = await call('POST', path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body as Json & { id: string };
}

async function newUser(mail?: string) {
  const nick = `ma${suffix()}`;
  const address = mail ?? `${nick}@fabrikam.onmicrosoft.com`;
  const id = (await created('users', { accountEnabled: true, displayName: `User ${nick}`, mailNickname: nick, userPrincipalName: address, mail: address, passwordProfile: { password: `P@ss-${randomUUID()}` } })).id;
  return { id, mail: address, token: await rt.token({ userId: id }) };
}

/** A package in a catalog with the given state, optionally with a group role and a policy for all external users. */
async function packageIn(catalog: { state: 'published' | 'unpublished'; isExternallyVisible: boolean }, options: { approverId?: string; hidden?: boolean } = {}) {
  const s = suffix();
  const cat = await created(`${EM}/catalogs`, { displayName: `Catalog ${s}`, ...catalog });
  const group = await created('groups', { displayName: `Partners ${s}`, mailNickname: `partners${s}`, securityEnabled: true, mailEnabled: false });
  const added = await call('POST', `${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: group.id, originSystem: 'AadGroup' }, catalog: { id: cat.id } });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  const pkg = await created(`${EM}/accessPackages`, { displayName: `Falcon ${s}`, description: 'Partner access', catalog: { id: cat.id }, isHidden: options.hidden ?? false });
  await created(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, {
    role: { originId: `Member_${group.id}`, originSystem: 'AadGroup', resource: { id: (added.body['resource'] as { id: string }).id } },
    scope: { originId: 'Root', originSystem: 'AadGroup' },
  });
  if (options.approverId) {
    await created(`${EM}/assignmentPolicies`, {
      displayName: 'Partners',
      allowedTargetScope: 'allExternalUsers',
      expiration: { type: 'afterDuration', duration: 'P90D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [{ durationBeforeAutomaticDenial: 'P7D', primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: options.approverId }] }] },
      accessPackage: { id: pkg.id },
    });
  }
  return { catalog: cat, group, pkg, name: `Falcon ${s}` };
}

beforeAll(async () => {
  // Mail pacing at its defaults (100 an hour, one at a time) would hold codes back for minutes.
  rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  const admin = await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All'] });
  call = graphCaller(rt, admin);
}, 90_000);

afterAll(async () => {
  await rt?.stop();
});

describe('access package share link', () => {
  it('when each role asks for the link of a hidden package, then owner, package manager, User Administrator and Identity Governance Administrator get it; reader and assignment manager get 403', async () => {
    const { catalog, pkg } = await packageIn({ state: 'published', isExternallyVisible: true }, { hidden: true });
    const holders: Record<string, { token: string }> = {};
    for (const [role, definition] of Object.entries(CATALOG_ROLE)) {
      const user = await newUser();
      expect((await call('POST', ROLES, { principalId: user.id, roleDefinitionId: definition, appScopeId: `/AccessPackageCatalog/${catalog.id}` })).status).toBe(201);
      holders[role] = user;
    }
    for (const [role, definition] of Object.entries(DIRECTORY_ROLE)) {
      const user = await newUser();
      expect((await call('POST', 'roleManagement/directory/roleAssignments', { principalId: user.id, roleDefinitionId: definition, directoryScopeId: '/' })).status).toBe(201);
      holders[role] = user;
    }
    const statuses: Record<string, number> = {};
    for (const [role, user] of Object.entries(holders)) statuses[role] = (await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`, undefined, user.token)).status;
    expect(statuses).toEqual({ owner: 200, packageManager: 200, userAdministrator: 200, identityGovernance: 200, reader: 403, assignmentManager: 403 });
    const link = await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`, undefined, holders['owner']!.token);
    expect(link.body['url']).toMatch(new RegExp(`^${rt.url}/api/myaccess/@[^/#]+#/access-packages/${pkg.id}$`));
    expect((await call('GET', `${EM}/accessPackages/${randomUUID()}/shareLink`)).status).toBe(404);
  });

  it('when the link is sent to a partner, then 202 and the partner gets a mail with the link', async () => {
    const { pkg } = await packageIn({ state: 'published', isExternallyVisible: true });
    const partner = `partner.${suffix()}@fabrikam.example`;
    const sent = await call('POST', `${EM}/accessPackages/${pkg.id}/shareLink/send`, { recipients: [partner], message: 'Please request this.' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const [mail] = await invitationApi(rt).mailsTo(partner);
    expect(String(mail?.['plainText'])).toContain(`#/access-packages/${pkg.id}`);
    expect((await call('POST', `${EM}/accessPackages/${pkg.id}/shareLink/send`, { recipients: [] })).status).toBe(400);
  });
});

describe('My Access pages', () => {
  it('when the share link is opened, then a page whose only script is allowed by its hash forwards to the package page', async () => {
    const { pkg } = await packageIn({ state: 'published', isExternallyVisible: true });
    const url = String((await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`)).body['url']);
    const page = await portalVisitor(rt, client()).get(url.replace(/#.*$/, ''));
    expect(page.status).toBe(200);
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(page.headers.get('content-security-policy')).toContain(`script-src 'sha256-${hash}'`);
    expect(script).toContain("/api/myaccess");
    expect(page.html).toContain('<noscript>');
  });

  it('when a package is in an unpublished or internal-only catalog, or does not exist, then the page is the same neutral 404', async () => {
    const visible = await packageIn({ state: 'published', isExternallyVisible: true });
    const unpublished = await packageIn({ state: 'unpublished', isExternallyVisible: true });
    const internal = await packageIn({ state: 'published', isExternallyVisible: false });
    const visitor = portalVisitor(rt, client());
    const shown = await visitor.get(`/api/myaccess/access-packages/${visible.pkg.id}`);
    expect([shown.status, shown.html.includes(visible.name), shown.html.includes(`Member of Partners`)]).toEqual([200, true, true]);
    const pages = [];
    for (const id of [unpublished.pkg.id, internal.pkg.id, randomUUID(), 'not-a-guid']) pages.push(await visitor.get(`/api/myaccess/access-packages/${id}`));
    expect(pages.map((p) => p.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(pages.map((p) => p.html)).size).toBe(1);
    expect(pages[0]!.html).not.toContain(unpublished.name);
  });

  it('when a visitor signs in with the mailed code, then the session cookie is HttpOnly, SameSite=Lax, 24 h, scoped to /api (portal and redeem pages; not Secure on loopback http)', async () => {
    const address = `lena.${suffix()}@fabrikam.example`;
    const visitor = portalVisitor(rt, client());
    const verified = await signIn(rt, visitor, address, '/api/myaccess/requests');
    expect(verified.location).toBe('/api/myaccess/requests');
    const cookie = verified.setCookie.find((c) => c.startsWith('gatehouse_myaccess='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=86400/i);
    // Scoped to the common path of the portal and the redeem pages, so one sign-in serves both.
    expect(cookie).toMatch(/Path=\/api(;|$)/i);
    expect(cookie).not.toMatch(/Secure/i);
    const page = await visitor.get('/api/myaccess/requests');
    expect(page.html).toContain(address);
    const out = await visitor.post('/api/myaccess/sign-out', {});
    expect(out.setCookie.find((c) => c.startsWith('gatehouse_myaccess='))).toMatch(/Max-Age=0/i);
    // The old token no longer opens anything, even if a client kept it.
    const replay = await fetch(`${rt.url}/api/myaccess/requests`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(await replay.text()).toContain('>Send code</button>');
  });

  it('when a wrong code is given five times, then the right code is refused too', async () => {
    const address = `guess.${suffix()}@fabrikam.example`;
    const visitor = portalVisitor(rt, client());
    await visitor.get('/api/myaccess/requests');
    expect((await visitor.post('/api/myaccess/sign-in', { email: address, returnTo: '/api/myaccess/requests' })).status).toBe(200);
    const code = await passcodeFor(rt, address);
    const wrong = String((Number(code) + 1) % 1e8).padStart(8, '0');
    for (let i = 0; i < 5; i++) expect((await visitor.post('/api/myaccess/verify', { email: address, code: wrong, returnTo: '/api/myaccess/requests' })).status).toBe(400);
    const late = await visitor.post('/api/myaccess/verify', { email: address, code, returnTo: '/api/myaccess/requests' });
    expect(late.status).toBe(400);
    expect(late.setCookie.some((c) => c.startsWith('gatehouse_myaccess='))).toBe(false);
  });

  it('when an address asks for a fourth code at once, then 429 with Retry-After, and another address still gets the same answer as any', async () => {
    const address = `resend.${suffix()}@fabrikam.example`;
    const visitor = portalVisitor(rt, client());
    await visitor.get('/api/myaccess/requests');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await visitor.post('/api/myaccess/sign-in', { email: address, returnTo: '/api/myaccess/requests' }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    // A member of the directory and an unknown address get the same page, apart from the address itself.
    const member = await newUser();
    const other = portalVisitor(rt, client());
    await other.get('/api/myaccess/requests');
    const known = await other.post('/api/myaccess/sign-in', { email: member.mail, returnTo: '/api/myaccess/requests' });
    const unknown = await other.post('/api/myaccess/sign-in', { email: `nobody.${suffix()}@fabrikam.example`, returnTo: '/api/myaccess/requests' });
    const strip = (html: string) => html.replace(/[\w.+-]+@[\w.-]+/g, 'ADDRESS');
    expect([known.status, strip(known.html)]).toEqual([unknown.status, strip(unknown.html)]);
  });

  it('when a signed-in outsider requests access, then the status view shows it pending with "Cancel request"; a second request is 409; cancelling shows it canceled', async () => {
    const approver = await newUser();
    const { pkg, name } = await packageIn({ state: 'published', isExternallyVisible: true }, { approverId: approver.id });
    const address = `req.${suffix()}@fabrikam.example`;
    const visitor = portalVisitor(rt, client());
    const packagePath = `/api/myaccess/access-packages/${pkg.id}`;
    expect((await signIn(rt, visitor, address, packagePath)).location).toBe(packagePath);
    const form = await visitor.get(packagePath);
    expect(form.html).toContain('>Justification</label>');
    expect(form.html).toContain('>Request access</button>');
    const policyId = /name="policyId" value="([^"]+)"/.exec(form.html)?.[1] ?? '';
    // A justification with a right-to-left override (it would read differently in the approver's mail) is refused.
    const spoofed = await visitor.post(packagePath, { policyId, givenName: 'Lena', surname: 'Visser', justification: 'Approved by \u202eIT' });
    expect(spoofed.status).toBe(400);
    expect(spoofed.html).toContain('justification must not contain the bidirectional control character U+202E');
    await visitor.get(packagePath);
    const submitted = await visitor.post(packagePath, { policyId, givenName: 'Lena', surname: 'Visser', justification: 'Falcon integration\nsecond line' });
    expect([submitted.status, submitted.location], submitted.html).toEqual([303, '/api/myaccess/requests?submitted=1']);
    const status = await visitor.get(submitted.location!);
    expect(status.html).toContain(name);
    expect(status.html).toContain('Pending approval');
    expect(status.html.match(/>Cancel request</g)).toHaveLength(1);

    await visitor.get(packagePath);
    const again = await visitor.post(packagePath, { policyId, givenName: 'Lena', surname: 'Visser', justification: 'again' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('role="alert"');

    await visitor.get('/api/myaccess/requests');
    const requestId = /action="\/api\/myaccess\/requests\/([^/]+)\/cancel"/.exec(visitor.html())?.[1] ?? '';
    const canceled = await visitor.post(`/api/myaccess/requests/${requestId}/cancel`, {});
    expect(canceled.status).toBe(303);
    const after = await visitor.get('/api/myaccess/requests');
    expect(after.html).toContain('Canceled');
    expect(after.html).not.toContain('>Cancel request<');
  });

  it('when the approver approves on the approval page, then the request is delivered; a GET with ?decision= decides nothing', async () => {
    const approver = await newUser();
    const { pkg, group } = await packageIn({ state: 'published', isExternallyVisible: true }, { approverId: approver.id });
    const address = `appr.${suffix()}@fabrikam.example`;
    const requester = portalVisitor(rt, client());
    const packagePath = `/api/myaccess/access-packages/${pkg.id}`;
    await signIn(rt, requester, address, packagePath);
    const policyId = /name="policyId" value="([^"]+)"/.exec((await requester.get(packagePath)).html)?.[1] ?? '';
    expect((await requester.post(packagePath, { policyId, givenName: 'Rita', surname: 'Requester', justification: 'Please let me in' })).status).toBe(303);

    const mails = await invitationApi(rt).mailsTo(approver.mail);
    const link = /https?:\/\/\S+\/approvals\/[^\s?"]+/.exec(String(mails[0]?.['plainText']))?.[0] ?? '';
    const approvalPath = new URL(link).pathname;
    const visitor = portalVisitor(rt, client());
    await signIn(rt, visitor, approver.mail, `${approvalPath}?decision=Deny`);
    const page = await visitor.get(`${approvalPath}?decision=Deny`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Please let me in');
    const status = await requester.get('/api/myaccess/requests');
    expect(status.html).toContain('Pending approval');

    const stageId = /name="stageId" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
    const decided = await visitor.post(approvalPath, { stageId, decision: 'Approve', justification: '' });
    expect([decided.status, decided.location]).toEqual([303, '/api/myaccess/approvals?decided=1']);
    await expect.poll(async () => (await requester.get('/api/myaccess/requests')).html.includes('Approved and delivered'), { timeout: 15_000 }).toBe(true);
    const members = await call('GET', `groups/${group.id}/members`);
    expect(members.body.value?.some((m) => String(m['mail']).toLowerCase() === address)).toBe(true);
    const again = await visitor.get(approvalPath);
    expect(again.status).toBe(404);
  });
});
