import { Failure, type ErrorDetail } from './errors';

/**
 * The customer organization ("tenant") this deployment serves, Graph's `organization` plus two
 * Gatehouse extensions read by the invitation module (issue 5):
 * - `invitationValidity`: how long an invitation may be redeemed, an ISO 8601 duration such as
 *   `P30D`; null (the default) means invitations never expire, as in Entra.
 * - `invitationReminderSchedule`: days after the invitation on which a pending guest is reminded;
 *   default [3, 7, 14]; an empty list turns reminders off.
 */
export interface Organization {
  id: string;
  displayName: string;
  /** The initial domain (what guest UPNs end in) first. Read-only. */
  verifiedDomains: { name: string; isInitial: boolean; isDefault: boolean; type: 'Managed'; capabilities: string }[];
  privacyProfile: { statementUrl: string | null; contactEmail: string | null };
  preferredLanguage: string;
  invitationValidity: string | null;
  invitationReminderSchedule: number[];
  /** Graph's writable notification lists, kept and returned as given. */
  marketingNotificationEmails?: string[];
  securityComplianceNotificationMails?: string[];
  securityComplianceNotificationPhones?: string[];
  technicalNotificationMails?: string[];
}

/** Graph's writable organization lists Gatehouse keeps without rules of its own. */
export const ORGANIZATION_NOTIFICATION_LISTS = ['marketingNotificationEmails', 'securityComplianceNotificationMails', 'securityComplianceNotificationPhones', 'technicalNotificationMails'] as const;

/**
 * The organization in Graph's full shape: the stored document plus what Gatehouse does not keep
 * (company address, plans, sync) as Graph shows unset values, and the default of each list.
 */
export function toGraphOrganization(org: Organization): Record<string, unknown> {
  const lists = Object.fromEntries(ORGANIZATION_NOTIFICATION_LISTS.map((k) => [k, org[k] ?? []]));
  return {
    ...org,
    ...lists,
    assignedPlans: [],
    provisionedPlans: [],
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: null,
    postalCode: null,
    state: null,
    street: null,
    tenantType: 'AAD',
    createdDateTime: null,
    deletedDateTime: null,
    onPremisesSyncEnabled: null,
    onPremisesLastSyncDateTime: null,
  };
}

export interface OrganizationSeed {
  tenantId: string;
  name: string;
  initialDomain: string;
  preferredLanguage: string;
  privacyStatementUrl: string;
  privacyContactEmail: string;
}

export const DEFAULT_REMINDER_DAYS = [3, 7, 14];

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
    invitationValidity: null,
    invitationReminderSchedule: [...DEFAULT_REMINDER_DAYS],
  };
}

/** What PATCH /organization/{id} may change (verifiedDomains and id are read-only). */
export interface OrganizationChanges {
  displayName?: string | undefined;
  privacyProfile?: { statementUrl?: string | null | undefined; contactEmail?: string | null | undefined } | undefined;
  preferredLanguage?: string | undefined;
  invitationValidity?: string | null | undefined;
  invitationReminderSchedule?: number[] | undefined;
  marketingNotificationEmails?: string[] | undefined;
  securityComplianceNotificationMails?: string[] | undefined;
  securityComplianceNotificationPhones?: string[] | undefined;
  technicalNotificationMails?: string[] | undefined;
}

// Date-based ISO 8601 durations (PnYnMnWnDTnHnMnS), at least one component.
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** Applies a PATCH to the organization; refuses values the rest of Gatehouse could not use. */
export function applyOrganizationChanges(current: Organization, changes: OrganizationChanges): Organization {
  const details: ErrorDetail[] = [];
  if (changes.invitationValidity && !DURATION.test(changes.invitationValidity)) {
    details.push({ target: 'invitationValidity', message: 'must be an ISO 8601 duration such as P30D, or null' });
  }
  const schedule = changes.invitationReminderSchedule;
  if (schedule && new Set(schedule).size !== schedule.length) details.push({ target: 'invitationReminderSchedule', message: 'days must not repeat' });
  if (details.length > 0) throw new Failure('validationFailed', `Invalid value specified for property '${details[0]!.target}' of resource 'Organization'.`, { details });
  return {
    ...current,
    ...(changes.displayName !== undefined && { displayName: changes.displayName }),
    ...(changes.preferredLanguage !== undefined && { preferredLanguage: changes.preferredLanguage }),
    ...(changes.invitationValidity !== undefined && { invitationValidity: changes.invitationValidity }),
    ...(schedule !== undefined && { invitationReminderSchedule: [...schedule].sort((a, b) => a - b) }),
    ...Object.fromEntries(ORGANIZATION_NOTIFICATION_LISTS.filter((k) => changes[k] !== undefined).map((k) => [k, [...changes[k]!]])),
    privacyProfile: {
      statementUrl: changes.privacyProfile?.statementUrl !== undefined ? changes.privacyProfile.statementUrl : current.privacyProfile.statementUrl,
      contactEmail: changes.privacyProfile?.contactEmail !== undefined ? changes.privacyProfile.contactEmail : current.privacyProfile.contactEmail,
    },
  };
}
