import { z } from 'zod';
import { profileBody, userExtrasBody } from '../../domain/users/user-wire';
import { collectionOf, EXAMPLE_ID, EXAMPLE_TIME, withExample } from '../../http/openapi-schemas';

/**
 * A user as `toGraphUser` returns it, for the OpenAPI document: the writable properties are the
 * request bodies' own schemas (one definition), plus what the directory sets. Open, since `$select`
 * and `$expand` change which properties come back.
 */
export const userSchema = withExample(
  profileBody.extend(userExtrasBody.shape).extend({
    id: z.string(),
    identities: z.array(z.looseObject({ signInType: z.string(), issuer: z.string(), issuerAssignedId: z.string() })).optional(),
    proxyAddresses: z.array(z.string()).optional(),
    legalAgeGroupClassification: z.string().nullable().optional(),
    creationType: z.string().nullable().optional(),
    externalUserState: z.string().nullable().optional(),
    externalUserStateChangeDateTime: z.string().nullable().optional(),
    createdDateTime: z.string().optional(),
    deletedDateTime: z.string().nullable().optional(),
  }).loose(),
  {
    id: EXAMPLE_ID,
    displayName: 'Anna Partner',
    givenName: 'Anna',
    surname: 'Partner',
    userType: 'Guest',
    mail: 'anna@contoso.example',
    userPrincipalName: 'anna_contoso.example#EXT#@fabrikam.onmicrosoft.com',
    mailNickname: 'anna_contoso.example#EXT#',
    accountEnabled: true,
    creationType: 'Invitation',
    externalUserState: 'Accepted',
    externalUserStateChangeDateTime: EXAMPLE_TIME,
    identities: [{ signInType: 'userPrincipalName', issuer: 'fabrikam.onmicrosoft.com', issuerAssignedId: 'anna_contoso.example#EXT#@fabrikam.onmicrosoft.com' }],
    proxyAddresses: ['SMTP:anna@contoso.example'],
    createdDateTime: EXAMPLE_TIME,
  },
);

export const userCollection = collectionOf(userSchema, 'users');

/** A user or group inside a directoryObject collection (`members`, `memberOf`, `directReports`…). */
export const directoryObjectSchema = withExample(
  z.looseObject({ '@odata.type': z.string(), id: z.string(), displayName: z.string().nullable().optional() }),
  { '@odata.type': '#microsoft.graph.user', id: EXAMPLE_ID, displayName: 'Anna Partner', userPrincipalName: 'anna_contoso.example#EXT#@fabrikam.onmicrosoft.com', userType: 'Guest' },
);

export const directoryObjectCollection = collectionOf(directoryObjectSchema, 'directoryObjects');
