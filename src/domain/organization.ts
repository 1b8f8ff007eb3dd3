/** The customer organization ("tenant") this deployment serves. */
export interface Organization {
  id: string;
  displayName: string;
  /** The initial domain (what guest UPNs end in) first. */
  verifiedDomains: { name: string; isInitial: boolean; isDefault: boolean; type: 'Managed'; capabilities: string }[];
  privacyProfile: { statementUrl: string | null; contactEmail: string | null };
  preferredLanguage: string;
}

export interface OrganizationSeed {
  tenantId: string;
  name: string;
  initialDomain: string;
  preferredLanguage: string;
  privacyStatementUrl: string;
  privacyContactEmail: string;
}

/** The organization as first seeded from settings. */
export function seedOrganization(seed: OrganizationSeed): Organization {
  return {
    id: seed.tenantId,
    displayName: seed.name,
    verifiedDomains: [
      { name: seed.initialDomain.toLowerCase(), isInitial: true, isDefault: true, type: 'Managed', capabilities: 'Email, OfficeCommunicationsOnline' },
    ],
    privacyProfile: { statementUrl: seed.privacyStatementUrl || null, contactEmail: seed.privacyContactEmail || null },
    preferredLanguage: seed.preferredLanguage,
  };
}
