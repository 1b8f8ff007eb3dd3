import { z } from 'zod';
import { authorizationPolicyDocument, invitationDomainPolicyDocument } from '../../domain/policies/schemas';
import { DEFAULT_USER_ROLE_PERMISSIONS } from '../../domain/policies/authorization-policy';
import { directoryRoleWire } from '../../domain/roles/directory-role-wire';
import { toGraphInvitation, toInvitationStatus } from '../../domain/invitations/invitation-wire';
import { answers, collectionOf, EXAMPLE_ID, EXAMPLE_ID_2, EXAMPLE_TIME, withExample } from '../../http/openapi-schemas';

/**
 * The answers of the smaller areas (invitations, roles, audit, branding, policies, `$batch`, the
 * OpenID provider) as zod schemas for the OpenAPI document; the larger areas keep theirs next to
 * their wire functions (users/, groups/, applications/, entitlement/ wire-schemas.ts).
 */

const GUEST_UPN = 'anna_contoso.example#EXT#@fabrikam.onmicrosoft.com';

export const invitationSchema = withExample(
  z.looseObject({
    id: z.string(),
    inviteRedeemUrl: z.string(),
    inviteRedirectUrl: z.string(),
    invitedUserDisplayName: z.string().nullable(),
    invitedUserEmailAddress: z.string(),
    invitedUserType: z.enum(['Guest', 'Member']),
    sendInvitationMessage: z.boolean(),
    resetRedemption: z.boolean(),
    status: z.string(),
    invitedUser: z.looseObject({ id: z.string() }),
    invitedUserMessageInfo: z.looseObject({ messageLanguage: z.string().nullable(), customizedMessageBody: z.string().nullable(), ccRecipients: z.array(z.unknown()) }),
  }),
  {
    id: EXAMPLE_ID,
    inviteRedeemUrl: 'https://gatehouse.contoso.example/api/redeem?ticket=…',
    inviteRedirectUrl: 'https://myapps.contoso.example/',
    invitedUserDisplayName: 'Anna Partner',
    invitedUserEmailAddress: 'anna@contoso.example',
    invitedUserType: 'Guest',
    sendInvitationMessage: true,
    resetRedemption: false,
    status: 'PendingAcceptance',
    invitedUser: { id: EXAMPLE_ID },
    invitedUserMessageInfo: { messageLanguage: null, customizedMessageBody: null, ccRecipients: [] },
  },
);

export const invitationStatusSchema = withExample(
  z.looseObject({ id: z.string(), invitedUserEmailAddress: z.string(), status: z.string(), redemptionState: z.string(), invitedDateTime: z.string(), lastSentDateTime: z.string().nullable(), sentCount: z.number().int(), expirationDateTime: z.string().nullable() }),
  { id: EXAMPLE_ID, invitedUserEmailAddress: 'anna@contoso.example', inviteRedirectUrl: 'https://myapps.contoso.example/', invitedUserType: 'Guest', status: 'PendingAcceptance', redemptionState: 'pending', invitedDateTime: EXAMPLE_TIME, lastSentDateTime: EXAMPLE_TIME, sentCount: 1, expirationDateTime: null, consentDateTime: null, declinedDateTime: null, messageStatus: { status: 'sent', attempts: 1, lastError: null, sentDateTime: EXAMPLE_TIME } },
);

export const bulkJobSchema = withExample(
  z.looseObject({
    id: z.string(),
    status: z.enum(['notStarted', 'running', 'stalled', 'completed', 'completedWithErrors']),
    total: z.number().int(),
    processed: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    createdDateTime: z.string(),
    completedDateTime: z.string().nullable(),
    stalledChunks: z.array(z.number().int()),
    mailBacklog: z.looseObject({ pending: z.number().int(), expectedDrainSeconds: z.number() }),
    resultsUrl: z.string(),
    resumedChunks: z.array(z.number().int()).optional(),
  }),
  { id: EXAMPLE_ID, status: 'running', total: 2000, processed: 750, succeeded: 748, failed: 2, createdDateTime: EXAMPLE_TIME, completedDateTime: null, stalledChunks: [], mailBacklog: { pending: 120, expectedDrainSeconds: 90 }, resultsUrl: `https://gatehouse.contoso.example/api/v1.0/invitations/bulk/${EXAMPLE_ID}/results` },
);

export const bulkResultsCsv = { description: 'One line per row: the input and its outcome (text/csv)', schema: withExample(z.string(), `email,displayName,status,userId,error\nanna@contoso.example,Anna Partner,succeeded,${EXAMPLE_ID},\n`), contentType: 'text/csv' };

export const unifiedRoleDefinitionSchema = withExample(
  z.looseObject({ id: z.string(), displayName: z.string(), description: z.string(), isBuiltIn: z.boolean(), isEnabled: z.boolean(), templateId: z.string(), rolePermissions: z.array(z.looseObject({ allowedResourceActions: z.array(z.string()), condition: z.string().nullable() })) }),
  { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID.', isBuiltIn: true, isEnabled: true, templateId: '62e90394-69f5-4237-9190-012177145e10', rolePermissions: [{ allowedResourceActions: ['microsoft.directory/allEntities/allProperties/allTasks'], condition: null }] },
);

export const unifiedRoleAssignmentSchema = withExample(
  z.looseObject({ id: z.string(), principalId: z.string(), roleDefinitionId: z.string(), directoryScopeId: z.string() }),
  { id: 'lAPpYvVpN0KRkAEhdxReEJ4g5c9cKbVOjdkRbTf0Zc8-1', principalId: EXAMPLE_ID, roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', directoryScopeId: '/' },
);

const roleExample = { '@odata.type': '#microsoft.graph.directoryRole' as const, id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID.', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10' };
/** `directoryRoleWire` is the console's type; the directory adds `deletedDateTime`. */
export const directoryRoleSchema = withExample(directoryRoleWire.extend({ deletedDateTime: z.null().optional() }).loose(), roleExample);

export const directoryRoleTemplateSchema = withExample(
  z.looseObject({ '@odata.type': z.literal('#microsoft.graph.directoryRoleTemplate'), id: z.string(), displayName: z.string(), description: z.string(), deletedDateTime: z.null() }),
  { '@odata.type': '#microsoft.graph.directoryRoleTemplate', id: roleExample.id, displayName: roleExample.displayName, description: roleExample.description, deletedDateTime: null },
);

export const directoryAuditSchema = withExample(
  z.looseObject({
    id: z.string(),
    category: z.string(),
    correlationId: z.string().nullable(),
    result: z.string(),
    resultReason: z.string(),
    activityDisplayName: z.string(),
    activityDateTime: z.string(),
    loggedByService: z.string(),
    operationType: z.string(),
    initiatedBy: z.looseObject({ user: z.looseObject({ id: z.string() }).nullable(), app: z.looseObject({ displayName: z.string().nullable() }).nullable() }),
    targetResources: z.array(z.looseObject({ id: z.string(), displayName: z.string().nullable(), type: z.string(), modifiedProperties: z.array(z.unknown()) })),
    additionalDetails: z.array(z.unknown()),
  }),
  {
    id: EXAMPLE_ID,
    category: 'UserManagement',
    correlationId: EXAMPLE_ID_2,
    result: 'success',
    resultReason: '',
    activityDisplayName: 'Invite external user',
    activityDateTime: EXAMPLE_TIME,
    loggedByService: 'Core Directory',
    operationType: 'Invite',
    initiatedBy: { user: { id: EXAMPLE_ID_2, userPrincipalName: 'admin@fabrikam.onmicrosoft.com', displayName: null }, app: null },
    targetResources: [{ id: EXAMPLE_ID, displayName: 'Anna Partner', type: 'User', userPrincipalName: GUEST_UPN, modifiedProperties: [] }],
    additionalDetails: [],
  },
);

export const brandingSchema = withExample(
  z.looseObject({
    id: z.string(),
    backgroundColor: z.string().nullable(),
    signInPageText: z.string().nullable(),
    usernameHintText: z.string().nullable(),
    customPrivacyAndCookiesText: z.string().nullable(),
    customPrivacyAndCookiesUrl: z.string().nullable(),
    customTermsOfUseText: z.string().nullable(),
    customTermsOfUseUrl: z.string().nullable(),
    bannerLogoRelativeUrl: z.string().nullable(),
    squareLogoRelativeUrl: z.string().nullable(),
    cdnList: z.array(z.string()),
  }),
  { id: '0', backgroundColor: '#0f6cbd', signInPageText: 'Partners of Fabrikam', usernameHintText: null, customPrivacyAndCookiesText: null, customPrivacyAndCookiesUrl: null, customTermsOfUseText: null, customTermsOfUseUrl: null, bannerLogoRelativeUrl: null, squareLogoRelativeUrl: null, cdnList: ['gatehouse.contoso.example'] },
);

/** A PNG or JPEG logo. */
export const brandingImage = { description: 'The image (image/png or image/jpeg)', schema: withExample(z.string(), '<binary PNG or JPEG>'), contentType: 'image/*' };

/** The policies are returned as stored: the storage documents are the wire shape. */
export const authorizationPolicySchema = withExample(authorizationPolicyDocument, {
  id: 'authorizationPolicy',
  displayName: 'Authorization Policy',
  description: 'Used to manage authorization related settings across the company.',
  allowInvitesFrom: 'adminsAndGuestInviters',
  guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
  allowedToSignUpEmailBasedSubscriptions: true,
  allowedToUseSSPR: true,
  allowEmailVerifiedUsersToJoinOrganization: false,
  allowUserConsentForRiskyApps: null,
  blockMsolPowerShell: false,
  defaultUserRolePermissions: DEFAULT_USER_ROLE_PERMISSIONS,
});
export const invitationDomainPolicySchema = withExample(invitationDomainPolicyDocument, { id: 'invitationDomainPolicy', allowedDomains: [], blockedDomains: ['competitor.example'] });

/** `$batch`: one answer per inner request (424 when a `dependsOn` request failed). */
export const batchResponseSchema = withExample(
  z.object({ responses: z.array(z.looseObject({ id: z.string(), status: z.number().int(), headers: z.record(z.string(), z.string()).optional(), body: z.unknown().optional() })) }),
  { responses: [{ id: '1', status: 201, headers: { 'content-type': 'application/json' }, body: { id: EXAMPLE_ID, displayName: 'Partner engineers' } }, { id: '2', status: 204, headers: {} }] },
);

/** OpenID Connect discovery, keys, token and userinfo answers: JSON objects as the specifications define them. */
export const openIdDiscoverySchema = withExample(z.looseObject({ issuer: z.string(), authorization_endpoint: z.string(), token_endpoint: z.string(), jwks_uri: z.string() }), {
  issuer: 'https://gatehouse.contoso.example/api/7d1a4c52-3b0e-4f6a-9c1d-2e5b8a9f0c11/v2.0',
  authorization_endpoint: 'https://gatehouse.contoso.example/api/7d1a4c52-3b0e-4f6a-9c1d-2e5b8a9f0c11/oauth2/v2.0/authorize',
  token_endpoint: 'https://gatehouse.contoso.example/api/7d1a4c52-3b0e-4f6a-9c1d-2e5b8a9f0c11/oauth2/v2.0/token',
  jwks_uri: 'https://gatehouse.contoso.example/api/7d1a4c52-3b0e-4f6a-9c1d-2e5b8a9f0c11/discovery/v2.0/keys',
});
export const jwksSchema = withExample(z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) }), { keys: [{ kty: 'RSA', kid: 'k1', use: 'sig', alg: 'RS256', n: '0vx7agoebGcQSuu…', e: 'AQAB' }] });
export const oauthJsonSchema = withExample(z.looseObject({}), { access_token: 'eyJ0eXAiOiJKV1Qi…', token_type: 'Bearer', expires_in: 3600 });
export const userInfoSchema = withExample(z.looseObject({ sub: z.string() }), { sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', name: 'Anna Partner', email: 'anna@contoso.example' });

/** This document itself. */
export const openApiDocumentSchema = withExample(z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) }), { openapi: '3.1.0', info: { title: 'Gatehouse API', version: '1.0' }, paths: {} });

/** A console file (HTML, script, style or image). */
export const consoleAsset = { description: 'A console file', schema: withExample(z.string(), '<!doctype html>…'), contentType: '*/*' };

export const miscCollections = {
  roleDefinitions: collectionOf(unifiedRoleDefinitionSchema, 'roleManagement/directory/roleDefinitions'),
  roleAssignments: collectionOf(unifiedRoleAssignmentSchema, 'roleManagement/directory/roleAssignments'),
  directoryRoles: collectionOf(directoryRoleSchema, 'directoryRoles'),
  directoryRoleTemplates: collectionOf(directoryRoleTemplateSchema, 'directoryRoleTemplates'),
  directoryAudits: collectionOf(directoryAuditSchema, 'auditLogs/directoryAudits'),
  brandings: collectionOf(brandingSchema, `organization('7d1a4c52-3b0e-4f6a-9c1d-2e5b8a9f0c11')/branding/localizations`),
};

answers(invitationSchema, toGraphInvitation);
answers(invitationStatusSchema, toInvitationStatus);
