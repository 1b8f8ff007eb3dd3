import { z } from 'zod';
import { ALLOW_INVITES_FROM, DEFAULT_USER_ROLE_PERMISSIONS, type AuthorizationPolicy } from './authorization-policy';

/** Graph's defaultUserRolePermissions (all of it is kept; Gatehouse enforces none of it yet). */
export const defaultUserRolePermissionsSchema = z.object({
  allowedToCreateApps: z.boolean(),
  allowedToCreateSecurityGroups: z.boolean(),
  allowedToCreateTenants: z.boolean(),
  allowedToReadBitlockerKeysForOwnedDevice: z.boolean(),
  allowedToReadOtherUsers: z.boolean(),
  permissionGrantPoliciesAssigned: z.array(z.string()),
});
import type { InvitationDomainPolicy } from './invitation-domain-policy';
import type { Organization } from '../organization';

/** Stored shapes of the settings documents, checked on every read (zod at the storage boundary). */
export const organizationDocument: z.ZodType<Organization> = z.object({
  id: z.string(),
  displayName: z.string(),
  verifiedDomains: z.array(z.object({ name: z.string(), isInitial: z.boolean(), isDefault: z.boolean(), type: z.literal('Managed'), capabilities: z.string() })),
  privacyProfile: z.object({ statementUrl: z.string().nullable(), contactEmail: z.string().nullable() }),
  preferredLanguage: z.string(),
  invitationValidity: z.string().nullable().default(null),
  invitationReminderSchedule: z.array(z.number().int()).default([3, 7, 14]),
  marketingNotificationEmails: z.array(z.string()).optional(),
  securityComplianceNotificationMails: z.array(z.string()).optional(),
  securityComplianceNotificationPhones: z.array(z.string()).optional(),
  technicalNotificationMails: z.array(z.string()).optional(),
});

export const authorizationPolicyDocument: z.ZodType<AuthorizationPolicy> = z.object({
  id: z.literal('authorizationPolicy'),
  displayName: z.string(),
  description: z.string(),
  allowInvitesFrom: z.enum(ALLOW_INVITES_FROM),
  guestUserRoleId: z.string(),
  // Kept since issue 15; documents stored before read Entra's defaults.
  allowedToSignUpEmailBasedSubscriptions: z.boolean().default(true),
  allowedToUseSSPR: z.boolean().default(true),
  allowEmailVerifiedUsersToJoinOrganization: z.boolean().default(false),
  allowUserConsentForRiskyApps: z.boolean().nullable().default(null),
  blockMsolPowerShell: z.boolean().default(false),
  defaultUserRolePermissions: defaultUserRolePermissionsSchema.default(DEFAULT_USER_ROLE_PERMISSIONS),
});

export const invitationDomainPolicyDocument: z.ZodType<InvitationDomainPolicy> = z.object({
  id: z.literal('invitationDomainPolicy'),
  allowedDomains: z.array(z.string()),
  blockedDomains: z.array(z.string()),
});
