import { z } from 'zod';
import { answers, collectionOf, EXAMPLE_ID, EXAMPLE_ID_2, EXAMPLE_TIME, withExample } from '../../http/openapi-schemas';
import { applicationBody, wireApplication, wirePassword } from './wire';

/** Application, service principal, app role assignment and sign-in answers, for the OpenAPI document. */

const exampleRole = { id: EXAMPLE_ID_2, allowedMemberTypes: ['User'], description: 'Can read reports', displayName: 'Reader', isEnabled: true, value: 'Reports.Read', origin: 'Application' };

export const passwordCredentialSchema = withExample(
  z.looseObject({ customKeyIdentifier: z.null(), displayName: z.string().nullable(), endDateTime: z.string(), hint: z.string(), keyId: z.string(), secretText: z.string().nullable(), startDateTime: z.string() }),
  { customKeyIdentifier: null, displayName: 'CI deploy', endDateTime: '2027-03-01T09:30:00Z', hint: 'Xy9', keyId: EXAMPLE_ID_2, secretText: null, startDateTime: EXAMPLE_TIME },
);

const claim = z.object({ name: z.string(), source: z.string().nullable(), essential: z.boolean(), additionalProperties: z.array(z.string()) });

/** The writable part is the request body's own schema; the rest is what the directory sets. */
export const applicationSchema = withExample(
  applicationBody
    .partial()
    .extend({
      id: z.string(),
      appId: z.string(),
      signInAudience: z.string(),
      // What the directory holds may be wider than what a request may write.
      groupMembershipClaims: z.string().nullable(),
      optionalClaims: z.object({ idToken: z.array(claim), accessToken: z.array(claim), saml2Token: z.array(claim) }).nullable(),
      web: z.looseObject({ redirectUris: z.array(z.string()), logoutUrl: z.string().nullable(), homePageUrl: z.string().nullable(), implicitGrantSettings: z.looseObject({ enableIdTokenIssuance: z.boolean(), enableAccessTokenIssuance: z.boolean() }) }),
      appRoles: z.array(z.looseObject({ id: z.string(), value: z.string().nullable().optional(), origin: z.string() })),
      passwordCredentials: z.array(passwordCredentialSchema),
      keyCredentials: z.array(z.unknown()),
      createdDateTime: z.string(),
      deletedDateTime: z.string().nullable(),
    })
    .loose(),
  {
    id: EXAMPLE_ID,
    appId: EXAMPLE_ID_2,
    displayName: 'Partner portal',
    description: null,
    signInAudience: 'AzureADMyOrg',
    identifierUris: ['api://partner-portal'],
    appRoles: [exampleRole],
    web: { redirectUris: ['https://portal.contoso.example/signin-oidc'], logoutUrl: null, homePageUrl: null, implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false } },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    groupMembershipClaims: null,
    optionalClaims: null,
    passwordCredentials: [],
    keyCredentials: [],
    createdDateTime: EXAMPLE_TIME,
    deletedDateTime: null,
  },
);

export const servicePrincipalSchema = withExample(
  z.looseObject({ id: z.string(), appId: z.string(), displayName: z.string(), servicePrincipalType: z.string(), appRoleAssignmentRequired: z.boolean(), appRoles: z.array(z.looseObject({ id: z.string() })) }),
  { id: EXAMPLE_ID, appId: EXAMPLE_ID_2, displayName: 'Partner portal', servicePrincipalType: 'Application', appRoleAssignmentRequired: false, appRoles: [{ ...exampleRole, origin: 'ServicePrincipal' }] },
);

export const appRoleAssignmentSchema = withExample(
  z.looseObject({ id: z.string(), appRoleId: z.string(), principalId: z.string(), principalType: z.string(), principalDisplayName: z.string().nullable(), resourceId: z.string(), resourceDisplayName: z.string().nullable(), createdDateTime: z.string(), deletedDateTime: z.null() }),
  { id: 'Q1b3xz5sSUmOlJ2_1-x1aQ', appRoleId: EXAMPLE_ID_2, principalId: EXAMPLE_ID, principalType: 'User', principalDisplayName: 'Anna Partner', resourceId: EXAMPLE_ID_2, resourceDisplayName: 'Partner portal', createdDateTime: EXAMPLE_TIME, deletedDateTime: null },
);

export const signInSchema = withExample(
  z.looseObject({ id: z.string(), createdDateTime: z.string(), userId: z.string().nullable(), userPrincipalName: z.string().nullable(), appId: z.string().nullable(), status: z.looseObject({ errorCode: z.number(), failureReason: z.string().nullable() }) }),
  { id: EXAMPLE_ID, createdDateTime: EXAMPLE_TIME, userId: EXAMPLE_ID_2, userDisplayName: 'Anna Partner', userPrincipalName: 'anna_contoso.example#EXT#@fabrikam.onmicrosoft.com', appId: EXAMPLE_ID, appDisplayName: 'Partner portal', ipAddress: '203.0.113.7', clientAppUsed: 'Browser', isInteractive: true, status: { errorCode: 0, failureReason: null, additionalDetails: null } },
);

export const booleanValue = withExample(z.looseObject({ value: z.boolean() }), { '@odata.context': 'https://gatehouse.contoso.example/api/v1.0/$metadata#Edm.Boolean', value: true });

export const applicationCollections = {
  applications: collectionOf(applicationSchema, 'applications'),
  deletedApplications: collectionOf(applicationSchema, 'directory/deletedItems/microsoft.graph.application'),
  servicePrincipals: collectionOf(servicePrincipalSchema, 'servicePrincipals'),
  appRoleAssignments: collectionOf(appRoleAssignmentSchema, `servicePrincipals('${EXAMPLE_ID}')/appRoleAssignedTo`),
  signIns: collectionOf(signInSchema, 'auditLogs/signIns'),
};

answers(applicationSchema, wireApplication);
answers(passwordCredentialSchema, wirePassword);
