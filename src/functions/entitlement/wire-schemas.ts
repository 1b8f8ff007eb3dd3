import { z } from 'zod';
import { answers, collectionOf, EXAMPLE_ID, EXAMPLE_ID_2, EXAMPLE_TIME, withExample } from '../../http/openapi-schemas';
import { assignmentWire, requestWire } from './request-wire';
import { catalogWire, organizationWire, packageWire, resourceRequestWire, resourceWire, roleAssignmentWire, roleScopeWire, roleWire, settingsWire } from './wire';

/**
 * The entitlement-management answers as zod schemas, for the OpenAPI document: the shapes built by
 * wire.ts, request-wire.ts, approval-wire.ts and policy-wire.ts. Objects are open (`looseObject`)
 * because `$expand` adds navigation properties; `$select` may leave some out.
 */

const ref = z.looseObject({ id: z.string().nullable() });
const time = z.string();
const PACKAGES = 'identityGovernance/entitlementManagement';

export const catalogSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string(), description: z.string().nullable(), catalogType: z.string(), state: z.enum(['unpublished', 'published']), isExternallyVisible: z.boolean(), createdDateTime: time, modifiedDateTime: time }),
  { id: EXAMPLE_ID, displayName: 'Partner access', description: 'Groups and apps partners may request', catalogType: 'userManaged', state: 'published', isExternallyVisible: true, createdDateTime: EXAMPLE_TIME, modifiedDateTime: EXAMPLE_TIME },
);

export const resourceSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string().nullable(), description: z.string().nullable(), originId: z.string(), originSystem: z.enum(['AadGroup', 'AadApplication']), createdDateTime: time, modifiedDateTime: time, attributes: z.array(z.unknown()) }),
  { id: EXAMPLE_ID_2, displayName: 'Partner engineers', description: null, originId: EXAMPLE_ID, originSystem: 'AadGroup', createdDateTime: EXAMPLE_TIME, modifiedDateTime: EXAMPLE_TIME, attributes: [] },
);

export const resourceRequestSchema = withExample(
  z.looseObject({ id: z.string(), requestType: z.string(), state: z.string(), createdDateTime: time, resource: resourceSchema, catalog: ref }),
  { id: EXAMPLE_ID, requestType: 'adminAdd', state: 'delivered', createdDateTime: EXAMPLE_TIME, resource: { id: EXAMPLE_ID_2, displayName: 'Partner engineers', description: null, originId: EXAMPLE_ID, originSystem: 'AadGroup', createdDateTime: EXAMPLE_TIME, modifiedDateTime: EXAMPLE_TIME, attributes: [] }, catalog: { id: EXAMPLE_ID_2 } },
);

export const resourceRoleSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string().nullable(), description: z.string().nullable(), originId: z.string(), originSystem: z.string() }),
  { id: `Member_${EXAMPLE_ID}`, displayName: 'Member', description: null, originId: `Member_${EXAMPLE_ID}`, originSystem: 'AadGroup' },
);

export const accessPackageSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string(), description: z.string().nullable(), isHidden: z.boolean(), createdDateTime: time, modifiedDateTime: time }),
  { id: EXAMPLE_ID, displayName: 'Partner engineering', description: 'Membership of the partner engineers group', isHidden: false, createdDateTime: EXAMPLE_TIME, modifiedDateTime: EXAMPLE_TIME },
);

export const roleScopeSchema = withExample(
  z.looseObject({
    id: z.string(),
    createdDateTime: time,
    role: z.looseObject({ id: z.string(), displayName: z.string().nullable(), originId: z.string(), originSystem: z.string(), resource: ref }),
    scope: z.looseObject({ id: z.string(), displayName: z.string(), originId: z.string(), originSystem: z.string(), isRootScope: z.boolean() }),
  }),
  {
    id: EXAMPLE_ID,
    createdDateTime: EXAMPLE_TIME,
    role: { id: `Member_${EXAMPLE_ID_2}`, displayName: 'Member', originId: `Member_${EXAMPLE_ID_2}`, originSystem: 'AadGroup', resource: { id: EXAMPLE_ID } },
    scope: { id: EXAMPLE_ID, displayName: 'Root', originId: EXAMPLE_ID_2, originSystem: 'AadGroup', isRootScope: true },
  },
);

export const connectedOrganizationSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string(), description: z.string().nullable(), state: z.enum(['configured', 'proposed']), identitySources: z.array(z.looseObject({ '@odata.type': z.string(), displayName: z.string().nullable() })), createdDateTime: time, modifiedDateTime: time }),
  { id: EXAMPLE_ID, displayName: 'Contoso', description: null, state: 'configured', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'contoso.example', displayName: 'contoso.example' }], createdDateTime: EXAMPLE_TIME, modifiedDateTime: EXAMPLE_TIME },
);

export const entitlementSettingsSchema = withExample(
  z.looseObject({ id: z.string(), externalUserLifecycleAction: z.enum(['none', 'blockSignIn', 'blockSignInAndDelete']), durationUntilExternalUserDeletedAfterBlocked: z.string() }),
  { id: 'settings', externalUserLifecycleAction: 'blockSignInAndDelete', durationUntilExternalUserDeletedAfterBlocked: 'P30D' },
);

export const catalogRoleAssignmentSchema = withExample(
  z.looseObject({ id: z.string(), principalId: z.string(), roleDefinitionId: z.string(), appScopeId: z.string(), directoryScopeId: z.string() }),
  { id: EXAMPLE_ID, principalId: EXAMPLE_ID_2, roleDefinitionId: 'ae79f266-94d4-4dab-b730-feca7e132178', appScopeId: `/AccessPackageCatalog/${EXAMPLE_ID}`, directoryScopeId: '/' },
);

export const catalogRoleDefinitionSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string(), description: z.string().nullable().optional() }),
  { id: 'ae79f266-94d4-4dab-b730-feca7e132178', displayName: 'Catalog owner' },
);

const subject = z.looseObject({ id: z.string().nullable(), objectId: z.string().nullable(), subjectType: z.string() });
const exampleSubject = { id: EXAMPLE_ID_2, objectId: EXAMPLE_ID_2, displayName: 'Anna Partner', email: 'anna@contoso.example', principalName: 'anna@contoso.example', subjectType: 'user' };
const schedule = z.looseObject({ startDateTime: time.nullable(), expiration: z.looseObject({ type: z.string(), endDateTime: time.nullable().optional(), duration: z.string().nullable().optional() }) });
const exampleSchedule = { startDateTime: EXAMPLE_TIME, expiration: { type: 'afterDuration', endDateTime: null, duration: 'P90D' }, recurrence: null };

export const assignmentRequestSchema = withExample(
  z.looseObject({
    id: z.string(),
    requestType: z.string(),
    state: z.string(),
    status: z.string().nullable(),
    createdDateTime: time,
    completedDateTime: time.nullable(),
    justification: z.string().nullable(),
    schedule,
    answers: z.array(z.looseObject({ value: z.string() })),
    requestor: subject,
    accessPackage: ref,
    assignment: z.looseObject({ id: z.string().nullable(), target: subject, assignmentPolicy: ref }),
  }),
  {
    id: EXAMPLE_ID,
    requestType: 'userAdd',
    state: 'pendingApproval',
    status: 'PendingApproval',
    createdDateTime: EXAMPLE_TIME,
    completedDateTime: null,
    justification: 'Working on the partner launch',
    schedule: exampleSchedule,
    answers: [],
    requestor: { id: EXAMPLE_ID_2, objectId: EXAMPLE_ID_2, subjectType: 'user' },
    accessPackage: { id: EXAMPLE_ID },
    assignment: { id: null, target: exampleSubject, assignmentPolicy: { id: EXAMPLE_ID } },
    reason: null,
  },
);

export const assignmentSchema = withExample(
  z.looseObject({ id: z.string(), state: z.string(), status: z.string().nullable(), expiredDateTime: time.nullable(), schedule, target: subject, accessPackage: ref, assignmentPolicy: ref, catalog: ref }),
  { id: EXAMPLE_ID, state: 'delivered', status: 'Delivered', expiredDateTime: null, schedule: exampleSchedule, target: exampleSubject, accessPackage: { id: EXAMPLE_ID }, assignmentPolicy: { id: EXAMPLE_ID_2 }, catalog: { id: EXAMPLE_ID_2 } },
);

export const approvalStageSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string(), reviewedDateTime: time.nullable(), reviewResult: z.enum(['NotReviewed', 'Approved', 'Denied']), status: z.string(), assignedToMe: z.boolean(), justification: z.string().nullable(), reviewedBy: z.looseObject({ id: z.string(), displayName: z.string().nullable() }).nullable() }),
  { id: EXAMPLE_ID, displayName: 'Stage 1', reviewedDateTime: null, reviewResult: 'NotReviewed', status: 'InProgress', assignedToMe: true, justification: null, reviewedBy: null },
);

export const approvalSchema = withExample(z.looseObject({ id: z.string(), stages: z.array(approvalStageSchema) }), {
  id: EXAMPLE_ID,
  stages: [{ id: EXAMPLE_ID, displayName: 'Stage 1', reviewedDateTime: null, reviewResult: 'NotReviewed', status: 'InProgress', assignedToMe: true, justification: null, reviewedBy: null }],
});

export const assignmentPolicySchema = withExample(
  z.looseObject({
    id: z.string(),
    displayName: z.string(),
    description: z.string().nullable(),
    allowedTargetScope: z.string(),
    specificAllowedTargets: z.array(z.unknown()),
    expiration: z.unknown(),
    requestorSettings: z.looseObject({}),
    requestApprovalSettings: z.looseObject({ isApprovalRequiredForAdd: z.boolean(), isApprovalRequiredForUpdate: z.boolean(), stages: z.array(z.unknown()) }),
    questions: z.array(z.unknown()),
    accessPackage: ref,
    createdDateTime: time,
    modifiedDateTime: time,
  }),
  {
    id: EXAMPLE_ID,
    displayName: 'Partners request, a sponsor approves',
    description: null,
    allowedTargetScope: 'allConfiguredConnectedOrganizationUsers',
    specificAllowedTargets: [],
    expiration: { type: 'afterDuration', duration: 'P90D', endDateTime: null },
    requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: false, enableTargetsToSelfRemoveAccess: true, allowCustomAssignmentSchedule: false, enableOnBehalfRequestorsToAddAccess: false, enableOnBehalfRequestorsToUpdateAccess: false, enableOnBehalfRequestorsToRemoveAccess: false, onBehalfRequestors: [] },
    requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [] },
    questions: [],
    reviewSettings: null,
    accessPackage: { id: EXAMPLE_ID_2 },
    createdDateTime: EXAMPLE_TIME,
    modifiedDateTime: EXAMPLE_TIME,
  },
);

export const shareLinkSchema = withExample(z.object({ url: z.string() }), { url: `https://gatehouse.contoso.example/api/myaccess/@contoso.example#/access-packages/${EXAMPLE_ID}` });

export const entitlementCollections = {
  catalogs: collectionOf(catalogSchema, `${PACKAGES}/catalogs`),
  resources: collectionOf(resourceSchema, `${PACKAGES}/catalogs('${EXAMPLE_ID}')/resources`),
  resourceRequests: collectionOf(resourceRequestSchema, `${PACKAGES}/resourceRequests`),
  resourceRoles: collectionOf(resourceRoleSchema, `${PACKAGES}/catalogs('${EXAMPLE_ID}')/resourceRoles`),
  accessPackages: collectionOf(accessPackageSchema, `${PACKAGES}/accessPackages`),
  roleScopes: collectionOf(roleScopeSchema, `${PACKAGES}/accessPackages('${EXAMPLE_ID}')/resourceRoleScopes`),
  policies: collectionOf(assignmentPolicySchema, `${PACKAGES}/assignmentPolicies`),
  connectedOrganizations: collectionOf(connectedOrganizationSchema, `${PACKAGES}/connectedOrganizations`),
  roleAssignments: collectionOf(catalogRoleAssignmentSchema, 'roleManagement/entitlementManagement/roleAssignments'),
  roleDefinitions: collectionOf(catalogRoleDefinitionSchema, 'roleManagement/entitlementManagement/roleDefinitions'),
  requests: collectionOf(assignmentRequestSchema, `${PACKAGES}/assignmentRequests`),
  assignments: collectionOf(assignmentSchema, `${PACKAGES}/assignments`),
  approvals: collectionOf(approvalSchema, `${PACKAGES}/assignmentApprovals`),
  stages: collectionOf(approvalStageSchema, `${PACKAGES}/assignmentApprovals('${EXAMPLE_ID}')/stages`),
};

answers(catalogSchema, catalogWire);
answers(resourceSchema, resourceWire);
answers(resourceRequestSchema, resourceRequestWire);
answers(resourceRoleSchema, roleWire);
answers(accessPackageSchema, packageWire);
answers(roleScopeSchema, roleScopeWire);
answers(connectedOrganizationSchema, organizationWire);
answers(entitlementSettingsSchema, settingsWire);
answers(catalogRoleAssignmentSchema, roleAssignmentWire);
answers(assignmentRequestSchema, requestWire);
answers(assignmentSchema, assignmentWire);
