import { describe, expect, it } from 'vitest';
import type { CatalogRole, EntitlementCaller } from '../../../src/domain/entitlement/catalog-roles';
import type { AccessPackage } from '../../../src/domain/entitlement/model';
import { sendShareLink, shareLinkOf, type ShareLinkDeps } from '../../../src/domain/entitlement/share-link';
import { memoryRequestDeps } from './requests/doubles';

const CATALOG = 'cccccccc-0000-4000-8000-000000000000';
const PACKAGE = 'aaaaaaaa-0000-4000-8000-000000000000';

function setup() {
  const memory = memoryRequestDeps();
  // Each test user holds the catalog role named by its id, in CATALOG only.
  const deps: ShareLinkDeps = { ...memory.deps, rolesIn: async (userId, catalogId) => (catalogId === CATALOG ? [userId as CatalogRole] : []) };
  const pkg: AccessPackage = { id: PACKAGE, catalogId: CATALOG, displayName: 'Falcon', description: null, isHidden: true, createdAt: '', modifiedAt: '' };
  void memory.collections.packages.insert(pkg, 'dup');
  return { deps, memory };
}
const user = (role: string, extra: Partial<{ isUserAdministrator: boolean }> = {}): EntitlementCaller => ({ kind: 'user', userId: role, isCatalogCreator: false, ...extra });
const outcome = (p: Promise<unknown>) => p.then(() => 'allowed', (e: { code?: string }) => e.code);

describe('access package share link', () => {
  it('when a hidden package is shared, then the link is in the My Access format with the initial domain as hint', async () => {
    const { deps } = setup();
    expect(await shareLinkOf(deps, { kind: 'administrator', audit: { kind: 'app', appId: 'x' } }, PACKAGE)).toBe(
      `https://gatehouse.test/api/myaccess/@contoso.onmicrosoft.test#/access-packages/${PACKAGE}`,
    );
  });

  it('when each role asks for the link, then owners, package managers and User Administrators get it, readers and assignment managers do not', async () => {
    const { deps } = setup();
    const results = {
      owner: await outcome(shareLinkOf(deps, user('owner'), PACKAGE)),
      packageManager: await outcome(shareLinkOf(deps, user('packageManager'), PACKAGE)),
      userAdministrator: await outcome(shareLinkOf(deps, user('nobody', { isUserAdministrator: true }), PACKAGE)),
      reader: await outcome(shareLinkOf(deps, user('reader'), PACKAGE)),
      assignmentManager: await outcome(shareLinkOf(deps, user('assignmentManager'), PACKAGE)),
    };
    expect(results).toEqual({ owner: 'allowed', packageManager: 'allowed', userAdministrator: 'allowed', reader: 'accessDenied', assignmentManager: 'accessDenied' });
  });

  it('when the link is sent to two partners with a message, then each gets one accessPackageLink mail naming the sender', async () => {
    const { deps, memory } = setup();
    memory.people.addUser({ id: 'owner', displayName: 'Olga Owner', mail: 'olga@contoso.test' });
    const input = { recipients: ['a@fabrikam.example', 'B@fabrikam.example', 'a@fabrikam.example'], message: 'Welcome', fallbackSender: { displayName: 'Contoso', email: 'noreply@contoso.test' }, correlationId: 'c1' };
    await sendShareLink(deps, user('owner'), PACKAGE, input);
    await sendShareLink(deps, user('owner'), PACKAGE, input); // a retry of the same request sends nothing new
    expect(memory.mails.map((m) => [m.kind, m.to[0]?.address])).toEqual([['accessPackageLink', 'a@fabrikam.example'], ['accessPackageLink', 'b@fabrikam.example']]);
    const data = memory.mails[0]?.kind === 'accessPackageLink' ? memory.mails[0].data : undefined;
    expect(data).toMatchObject({ sender: { displayName: 'Olga Owner', email: 'olga@contoso.test' }, customMessage: 'Welcome', linkUrl: expect.stringContaining(`#/access-packages/${PACKAGE}`) });
  });

  it('when a reader sends the link, then it is refused and nothing is mailed', async () => {
    const { deps, memory } = setup();
    await expect(sendShareLink(deps, user('reader'), PACKAGE, { recipients: ['a@fabrikam.example'], message: null, fallbackSender: { displayName: 'C', email: 'n@c.test' }, correlationId: 'c' })).rejects.toMatchObject({ code: 'accessDenied' });
    expect(memory.mails).toEqual([]);
  });
});
