import { z } from 'zod';
import type { CatalogRoleAssignment } from '../domain/entitlement/catalog-roles';
import type { AccessPackage, Catalog, CatalogResource, ConnectedOrganization, DomainClaim, EntitlementSettings, ResourceRequest, RoleScope, Sponsor } from '../domain/entitlement/model';
import type { AssignmentPolicy } from '../domain/entitlement/policy';

/** Schemas of the stored entitlement-management documents, checked on every read. */

const origin = z.enum(['AadGroup', 'AadApplication']);
const text = z.string();
const nullableText = z.string().nullable();

export const catalogDoc: z.ZodType<Catalog> = z.object({
  id: text,
  displayName: text,
  description: nullableText,
  catalogType: z.enum(['userManaged', 'serviceDefault', 'serviceManaged']),
  state: z.enum(['unpublished', 'published']),
  isExternallyVisible: z.boolean(),
  createdAt: text,
  modifiedAt: text,
  removingAt: nullableText.optional(),
});

export const resourceDoc: z.ZodType<CatalogResource> = z.object({
  id: text,
  catalogId: text,
  originId: text,
  originSystem: origin,
  displayName: text,
  description: nullableText,
  createdAt: text,
  removingAt: nullableText.optional(),
});

export const resourceRequestDoc: z.ZodType<ResourceRequest> = z.object({
  id: text,
  catalogId: text,
  requestType: z.enum(['adminAdd', 'adminRemove']),
  state: z.literal('delivered'),
  resource: resourceDoc,
  createdAt: text,
});

export const packageDoc: z.ZodType<AccessPackage> = z.object({
  id: text,
  catalogId: text,
  displayName: text,
  description: nullableText,
  isHidden: z.boolean(),
  createdAt: text,
  modifiedAt: text,
});

export const roleScopeDoc: z.ZodType<RoleScope> = z.object({
  id: text,
  accessPackageId: text,
  catalogId: text,
  resourceId: text,
  roleOriginId: text,
  roleOriginSystem: origin,
  scopeOriginId: text,
  scopeOriginSystem: origin,
  createdAt: text,
});

const subjectSet = z.discriminatedUnion('type', [
  z.object({ type: z.literal('singleUser'), userId: text, description: nullableText }),
  z.object({ type: z.literal('groupMembers'), groupId: text, description: nullableText }),
  z.object({ type: z.literal('connectedOrganizationMembers'), connectedOrganizationId: text, description: nullableText }),
  z.object({ type: z.literal('requestorManager'), managerLevel: z.number() }),
  z.object({ type: z.literal('internalSponsors') }),
  z.object({ type: z.literal('externalSponsors') }),
]);
const subjects = z.array(subjectSet);
const localizations = z.array(z.object({ languageCode: text, text }));

export const policyDoc: z.ZodType<AssignmentPolicy> = z.object({
  id: text,
  catalogId: text,
  accessPackageId: text,
  displayName: text,
  description: nullableText,
  allowedTargetScope: z.enum(['notSpecified', 'specificDirectoryUsers', 'allMemberUsers', 'allDirectoryUsers', 'specificConnectedOrganizationUsers', 'allConfiguredConnectedOrganizationUsers', 'allExternalUsers']),
  specificAllowedTargets: subjects,
  expiration: z.object({ type: z.enum(['noExpiration', 'afterDateTime', 'afterDuration']), endDateTime: nullableText, duration: nullableText }),
  requestorSettings: z.object({
    enableTargetsToSelfAddAccess: z.boolean(),
    enableTargetsToSelfUpdateAccess: z.boolean(),
    enableTargetsToSelfRemoveAccess: z.boolean(),
    allowCustomAssignmentSchedule: z.boolean(),
    enableOnBehalfRequestorsToAddAccess: z.boolean(),
    enableOnBehalfRequestorsToUpdateAccess: z.boolean(),
    enableOnBehalfRequestorsToRemoveAccess: z.boolean(),
    onBehalfRequestors: subjects,
  }),
  requestApprovalSettings: z.object({
    isApprovalRequiredForAdd: z.boolean(),
    isApprovalRequiredForUpdate: z.boolean(),
    stages: z.array(
      z.object({
        durationBeforeAutomaticDenial: text,
        isApproverJustificationRequired: z.boolean(),
        isEscalationEnabled: z.boolean(),
        durationBeforeEscalation: nullableText,
        primaryApprovers: subjects,
        fallbackPrimaryApprovers: subjects,
        escalationApprovers: subjects,
        fallbackEscalationApprovers: subjects,
      }),
    ),
  }),
  questions: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('text'), id: text, text, localizations: localizations.optional(), isRequired: z.boolean(), sequence: z.number(), isAnswerEditable: z.boolean(), isSingleLineQuestion: z.boolean(), regexPattern: nullableText }),
      z.object({
        type: z.literal('multipleChoice'),
        id: text,
        text,
        localizations: localizations.optional(),
        isRequired: z.boolean(),
        sequence: z.number(),
        isAnswerEditable: z.boolean(),
        allowsMultipleSelection: z.boolean(),
        choices: z.array(z.object({ actualValue: text, text, localizations: localizations.optional() })),
      }),
    ]),
  ),
  reviewSettings: z.record(z.string(), z.unknown()).nullable().optional(),
  createdAt: text,
  modifiedAt: text,
});

export const organizationDoc: z.ZodType<ConnectedOrganization> = z.object({
  id: text,
  displayName: text,
  description: nullableText,
  state: z.enum(['configured', 'proposed']),
  identitySources: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('domain'), domainName: text, displayName: text }),
      z.object({ kind: z.literal('tenant'), tenantId: text, displayName: text }),
    ]),
  ),
  createdAt: text,
  modifiedAt: text,
});

export const sponsorDoc: z.ZodType<Sponsor> = z.object({ id: text, connectedOrganizationId: text, kind: z.enum(['internalSponsors', 'externalSponsors']), userId: text });
export const domainDoc: z.ZodType<DomainClaim> = z.object({ id: text, connectedOrganizationId: text });
export const catalogRoleAssignmentDoc: z.ZodType<CatalogRoleAssignment> = z.object({ id: text, principalId: text, roleDefinitionId: text, catalogId: text, createdAt: text });
export const entitlementSettingsDoc: z.ZodType<EntitlementSettings> = z.object({
  externalUserLifecycleAction: z.enum(['none', 'blockSignIn', 'blockSignInAndDelete']),
  durationUntilExternalUserDeletedAfterBlocked: text,
});
