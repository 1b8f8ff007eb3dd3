/** Paths of Graph's entitlement-management API. */
export const EM = '/identityGovernance/entitlementManagement';

export type AccessPackage = { id: string; displayName: string; description?: string | null; createdDateTime?: string; catalog?: { id: string } };
export type Catalog = { id: string; displayName: string; state?: string; isExternallyVisible?: boolean };
