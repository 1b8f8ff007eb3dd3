import { describe, expect, it } from 'vitest';
import { requireCatalogAccess, type CatalogAction, type CatalogRole, type EntitlementCaller } from '../../../src/domain/entitlement/catalog-roles';

const CATALOG_A = 'aaaaaaaa-0000-4000-8000-000000000000';
const CATALOG_B = 'bbbbbbbb-0000-4000-8000-000000000000';
const user = (userId: string): EntitlementCaller => ({ kind: 'user', userId, isCatalogCreator: false });
// Each user holds one role, in catalog A only.
const rolesIn = async (userId: string, catalogId: string): Promise<CatalogRole[]> => (catalogId === CATALOG_A ? [userId as CatalogRole] : []);
const allowed = async (role: CatalogRole, action: CatalogAction, catalogId = CATALOG_A) =>
  requireCatalogAccess(rolesIn, user(role), catalogId, action).then(
    () => true,
    (error: { code?: string }) => (error.code === 'accessDenied' ? false : Promise.reject(error)),
  );

describe('catalog-scoped authorization', () => {
  it('when each catalog role acts in its catalog, then readers read, managers edit packages, owners also edit the catalog, assignment managers read and assign', async () => {
    const table: Record<CatalogRole, boolean[]> = { owner: [], reader: [], packageManager: [], assignmentManager: [], creator: [] };
    for (const role of Object.keys(table) as CatalogRole[]) {
      for (const action of ['read', 'readPackages', 'editPackages', 'editCatalog', 'assign'] as const) table[role].push(await allowed(role, action));
    }
    expect(table).toEqual({
      owner: [true, true, true, true, true],
      reader: [true, true, false, false, false],
      packageManager: [true, true, true, false, true],
      assignmentManager: [true, true, false, false, true],
      creator: [false, false, false, false, false],
    });
  });

  it('when a role holder of catalog A acts in catalog B, then it is refused', async () => {
    expect(await allowed('owner', 'read', CATALOG_B)).toBe(false);
    expect(await allowed('packageManager', 'editPackages', CATALOG_B)).toBe(false);
  });

  it('when an administrator acts, then no catalog role is needed', async () => {
    await expect(requireCatalogAccess(async () => [], { kind: 'administrator', audit: { kind: 'app', appId: 'x' } }, CATALOG_B, 'editCatalog')).resolves.toBeUndefined();
  });
});
