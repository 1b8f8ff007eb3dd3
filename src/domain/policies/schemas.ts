import { z } from 'zod';
import { ALLOW_INVITES_FROM, type AuthorizationPolicy } from './authorization-policy';
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
});

export const authorizationPolicyDocument: z.ZodType<AuthorizationPolicy> = z.object({
  id: z.literal('authorizationPolicy'),
  displayName: z.string(),
  description: z.string(),
  allowInvitesFrom: z.enum(ALLOW_INVITES_FROM),
  guestUserRoleId: z.string(),
});

export const invitationDomainPolicyDocument: z.ZodType<InvitationDomainPolicy> = z.object({
  id: z.literal('invitationDomainPolicy'),
  allowedDomains: z.array(z.string()),
  blockedDomains: z.array(z.string()),
});
