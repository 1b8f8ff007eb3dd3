import { z } from 'zod';
import { collectionOf, EXAMPLE_ID, EXAMPLE_TIME, withExample } from '../../http/openapi-schemas';

/** A group as `groupWire` returns it, for the OpenAPI document (open: `$select`/`$expand` change it). */
export const groupSchema = withExample(
  z.looseObject({
    id: z.string(),
    createdDateTime: z.string(),
    description: z.string().nullable(),
    displayName: z.string(),
    groupTypes: z.array(z.enum(['Unified', 'DynamicMembership'])),
    mail: z.string().nullable(),
    mailEnabled: z.boolean(),
    mailNickname: z.string(),
    membershipRule: z.string().nullable(),
    membershipRuleProcessingState: z.enum(['On', 'Paused']).nullable(),
    securityEnabled: z.boolean(),
    visibility: z.string().nullable(),
    isAssignableToRole: z.boolean().nullable(),
    classification: z.string().nullable(),
    preferredDataLocation: z.string().nullable(),
    preferredLanguage: z.string().nullable(),
    theme: z.string().nullable(),
    proxyAddresses: z.array(z.string()),
    resourceBehaviorOptions: z.array(z.string()),
    resourceProvisioningOptions: z.array(z.string()),
  }),
  {
    id: EXAMPLE_ID,
    createdDateTime: EXAMPLE_TIME,
    description: 'Engineers of our partners',
    displayName: 'Partner engineers',
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: 'partner-engineers',
    membershipRule: null,
    membershipRuleProcessingState: null,
    securityEnabled: true,
    visibility: null,
    isAssignableToRole: null,
    classification: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    theme: null,
    proxyAddresses: [],
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
  },
);

export const groupCollection = collectionOf(groupSchema, 'groups');

/** `getMemberGroups`, `getMemberObjects`, `checkMemberGroups`, `checkMemberObjects`: the ids. */
export const idValues = withExample(z.object({ value: z.array(z.string()) }), { value: [EXAMPLE_ID] });
