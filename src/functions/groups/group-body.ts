import { z } from 'zod';
import { MAX_RULE_LENGTH } from '../../domain/membership-rule';
import { objectRef } from './refs';

/**
 * The group request bodies, every writable property of Graph's `group` (as
 * `@microsoft/microsoft-graph-types` lists them) decided one by one: kept and returned, or
 * refused with a 400 that names the property and why. Unknown keys are refused by the endpoint.
 */

const groupTypes = z
  .array(z.string())
  .max(2)
  .superRefine((types, ctx) => {
    types.forEach((type, i) => {
      if (type === 'DynamicMembership' || type === 'Unified') return;
      ctx.addIssue({ code: 'custom', path: [i], message: `Unknown group type '${type.slice(0, 40)}'; Gatehouse knows 'Unified' and 'DynamicMembership'.` });
    });
  })
  .transform((types) => (['Unified', 'DynamicMembership'] as const).filter((t) => types.includes(t)));

// Entra: at most 64 ASCII characters, none of @ ( ) \ [ ] " ; : < > , or space.
const mailNickname = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'must be ASCII without spaces')
  .regex(/^[^@()\\[\]";:<>,]+$/, 'must not contain @ ( ) \\ [ ] " ; : < > ,');

/** A property Graph lets clients write that Gatehouse cannot honour: present at all → 400 naming it. */
const refused = (why: string) =>
  z
    .unknown()
    .superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: why }))
    .optional();

const MAILBOX = 'needs an Exchange mailbox, which Gatehouse groups do not have';
const READ_ONLY = 'is read-only';

const refusedProperties = {
  allowExternalSenders: refused(MAILBOX),
  autoSubscribeNewMembers: refused(MAILBOX),
  hideFromAddressLists: refused(MAILBOX),
  hideFromOutlookClients: refused(MAILBOX),
  isSubscribedByMail: refused(MAILBOX),
  unseenCount: refused(MAILBOX),
  assignedLabels: refused('sensitivity labels are not supported by Gatehouse'),
  assignedLicenses: refused('licensing is not supported by Gatehouse'),
  uniqueName: refused('is not supported by Gatehouse'),
  id: refused(READ_ONLY),
  createdDateTime: refused(READ_ONLY),
  deletedDateTime: refused(READ_ONLY),
  expirationDateTime: refused(READ_ONLY),
  renewedDateTime: refused(READ_ONLY),
  mail: refused(READ_ONLY),
  proxyAddresses: refused(READ_ONLY),
  securityIdentifier: refused(READ_ONLY),
  onPremisesDomainName: refused(READ_ONLY),
  onPremisesLastSyncDateTime: refused(READ_ONLY),
  onPremisesNetBiosName: refused(READ_ONLY),
  onPremisesProvisioningErrors: refused(READ_ONLY),
  onPremisesSamAccountName: refused(READ_ONLY),
  onPremisesSecurityIdentifier: refused(READ_ONLY),
  onPremisesSyncEnabled: refused(READ_ONLY),
  hasMembersWithLicenseErrors: refused(READ_ONLY),
  isArchived: refused(READ_ONLY),
  isManagementRestricted: refused(READ_ONLY),
  licenseProcessingState: refused(READ_ONLY),
  serviceProvisioningErrors: refused(READ_ONLY),
  members: refused("set members with 'members@odata.bind' or POST /groups/{id}/members/$ref"),
  owners: refused("set owners with 'owners@odata.bind' or POST /groups/{id}/owners/$ref"),
};

const label = z.string().max(256).nullable();
const fields = {
  displayName: z.string().trim().min(1).max(256),
  description: z.string().max(1024).nullable(),
  mailNickname,
  mailEnabled: z.boolean(),
  securityEnabled: z.boolean(),
  groupTypes,
  membershipRule: z.string().max(MAX_RULE_LENGTH).nullable(),
  membershipRuleProcessingState: z.enum(['On', 'Paused']).nullable(),
  visibility: z.enum(['Public', 'Private', 'HiddenMembership']).nullable(),
  classification: label,
  preferredDataLocation: label,
  preferredLanguage: z.string().max(35).nullable(),
  theme: z.enum(['Teal', 'Purple', 'Green', 'Blue', 'Pink', 'Orange', 'Red']).nullable(),
};

/** Graph creates at most 20 relationships with the group. */
export const MAX_BOUND_RELATIONSHIPS = 20;
/** Teams and SharePoint provisioning options: only the empty list (Gatehouse provisions neither). */
const noProvisioning = z.array(z.string()).max(0, 'Gatehouse provisions no Teams or SharePoint resources; only an empty list is accepted');

export const createGroupBody = z
  .object({
    ...refusedProperties,
    displayName: fields.displayName,
    description: fields.description.optional(),
    mailNickname: fields.mailNickname,
    mailEnabled: fields.mailEnabled.optional(),
    securityEnabled: fields.securityEnabled,
    groupTypes: fields.groupTypes.optional(),
    membershipRule: fields.membershipRule.optional(),
    membershipRuleProcessingState: fields.membershipRuleProcessingState.optional(),
    visibility: fields.visibility.optional(),
    isAssignableToRole: z.boolean().nullable().optional(),
    classification: fields.classification.optional(),
    preferredDataLocation: fields.preferredDataLocation.optional(),
    preferredLanguage: fields.preferredLanguage.optional(),
    theme: fields.theme.optional(),
    resourceBehaviorOptions: noProvisioning.optional(),
    resourceProvisioningOptions: noProvisioning.optional(),
    'owners@odata.bind': z.array(objectRef).optional(),
    'members@odata.bind': z.array(objectRef).optional(),
  })
  .refine((body) => (body['owners@odata.bind']?.length ?? 0) + (body['members@odata.bind']?.length ?? 0) <= MAX_BOUND_RELATIONSHIPS, {
    message: `at most ${MAX_BOUND_RELATIONSHIPS} owners and members together can be bound when a group is created; add more with POST /groups/{id}/members/$ref`,
    path: ['members@odata.bind'],
  })
  .transform(({ 'owners@odata.bind': owners, 'members@odata.bind': members, resourceBehaviorOptions: _b, resourceProvisioningOptions: _p, ...rest }) => ({
    fields: { ...rest, mailEnabled: rest.mailEnabled ?? false },
    owners: owners ?? [],
    members: members ?? [],
  }));

export const updateGroupBody = z
  .object({
    ...refusedProperties,
    isAssignableToRole: refused('can be set only when the group is created'),
    displayName: fields.displayName.optional(),
    description: fields.description.optional(),
    mailNickname: fields.mailNickname.optional(),
    mailEnabled: fields.mailEnabled.optional(),
    securityEnabled: fields.securityEnabled.optional(),
    groupTypes: fields.groupTypes.optional(),
    membershipRule: fields.membershipRule.optional(),
    membershipRuleProcessingState: fields.membershipRuleProcessingState.optional(),
    visibility: fields.visibility.optional(),
    classification: fields.classification.optional(),
    preferredDataLocation: fields.preferredDataLocation.optional(),
    preferredLanguage: fields.preferredLanguage.optional(),
    theme: fields.theme.optional(),
    'owners@odata.bind': z.array(objectRef).optional(),
    'members@odata.bind': z.array(objectRef).optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'at least one property must be given' })
  .refine((body) => (body['owners@odata.bind']?.length ?? 0) + (body['members@odata.bind']?.length ?? 0) <= MAX_BOUND_RELATIONSHIPS, {
    message: `at most ${MAX_BOUND_RELATIONSHIPS} owners and members together can be bound in one request`,
    path: ['members@odata.bind'],
  })
  .transform(({ isAssignableToRole: _a, 'owners@odata.bind': owners, 'members@odata.bind': members, ...rest }) => ({ fields: rest, owners: owners ?? [], members: members ?? [] }));
