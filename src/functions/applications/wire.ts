import { z } from 'zod';
import type { Application, ApplicationInput, PasswordCredential } from '../../domain/applications/application';

/** Graph's `application` resource on the wire: what requests may carry and what answers hold. */
const guid = z.guid();
const uri = z.string().trim().min(1).max(256);
const appRole = z.object({
  id: guid,
  displayName: z.string().trim().min(1).max(100),
  description: z.string().max(1000).nullable().default(null),
  value: z.string().regex(/^[^\s]{1,120}$/, 'must be 1-120 characters without spaces').nullable().default(null),
  // Only user and group assignment is modelled; an application permission ("Application") is refused by name.
  allowedMemberTypes: z.array(z.literal('User')).min(1).max(1),
  isEnabled: z.boolean().default(true),
  origin: z.string().max(40).optional(),
});
const optionalClaim = z.object({
  name: z.enum(['email', 'upn', 'acct', 'idtyp', 'family_name', 'given_name']),
  source: z.string().nullable().default(null),
  essential: z.boolean().default(false),
  additionalProperties: z.array(z.string().max(60)).max(10).default([]),
});
const optionalClaims = z.object({
  idToken: z.array(optionalClaim).max(20).default([]),
  accessToken: z.array(optionalClaim).max(20).default([]),
  saml2Token: z.array(optionalClaim).max(20).default([]),
});
const web = z.object({
  redirectUris: z.array(uri).max(256).optional(),
  logoutUrl: uri.nullable().optional(),
  homePageUrl: uri.nullable().optional(),
  implicitGrantSettings: z.object({ enableIdTokenIssuance: z.literal(false).optional(), enableAccessTokenIssuance: z.literal(false).optional() }).optional(),
});
const redirects = z.object({ redirectUris: z.array(uri).max(256) });
const permissionScope = z.object({
  id: guid,
  value: z.string().regex(/^[^\s]{1,120}$/, 'must be 1-120 characters without spaces'),
  type: z.enum(['User', 'Admin']).default('User'),
  adminConsentDisplayName: z.string().trim().min(1).max(256),
  adminConsentDescription: z.string().max(1024).default(''),
  userConsentDisplayName: z.string().max(256).nullable().default(null),
  userConsentDescription: z.string().max(1024).nullable().default(null),
  isEnabled: z.boolean().default(true),
  origin: z.string().max(40).optional(),
});
// Only version 2 access tokens are issued (Entra's v2.0 endpoint); null reads as Graph's default.
const api = z.object({ requestedAccessTokenVersion: z.union([z.literal(2), z.null()]).optional(), oauth2PermissionScopes: z.array(permissionScope).max(100).optional() });

export const applicationBody = z.object({
  displayName: z.string().trim().min(1).max(256),
  description: z.string().max(1024).nullable().optional(),
  signInAudience: z.enum(['AzureADMyOrg']).optional(),
  identifierUris: z.array(uri).max(50).optional(),
  appRoles: z.array(appRole).max(100).optional(),
  web: web.optional(),
  spa: redirects.optional(),
  publicClient: redirects.optional(),
  requiredResourceAccess: z.array(z.object({ resourceAppId: guid, resourceAccess: z.array(z.object({ id: guid, type: z.enum(['Scope', 'Role']) })).max(400) })).max(50).optional(),
  groupMembershipClaims: z.enum(['None', 'SecurityGroup', 'All', 'DirectoryRole', 'ApplicationGroup']).nullable().optional(),
  optionalClaims: optionalClaims.nullable().optional(),
  api: api.optional(),
});
export const applicationPatch = applicationBody.partial();

type Body = z.infer<typeof applicationPatch>;

/** A request body as the domain's input (absent stays absent, so a PATCH changes only what it names). */
export function applicationInput(body: Body): ApplicationInput {
  const input: ApplicationInput = {};
  if (body.displayName !== undefined) input.displayName = body.displayName;
  if (body.description !== undefined) input.description = body.description;
  if (body.signInAudience !== undefined) input.signInAudience = body.signInAudience;
  if (body.identifierUris !== undefined) input.identifierUris = body.identifierUris;
  if (body.appRoles !== undefined) input.appRoles = body.appRoles.map(({ origin: _origin, ...role }) => role);
  if (body.web?.redirectUris !== undefined) input.webRedirectUris = body.web.redirectUris;
  if (body.web?.logoutUrl !== undefined) input.logoutUrl = body.web.logoutUrl;
  if (body.spa !== undefined) input.spaRedirectUris = body.spa.redirectUris;
  if (body.publicClient !== undefined) input.publicClientRedirectUris = body.publicClient.redirectUris;
  if (body.requiredResourceAccess !== undefined) input.requiredResourceAccess = body.requiredResourceAccess;
  if (body.groupMembershipClaims !== undefined) input.groupMembershipClaims = body.groupMembershipClaims;
  if (body.optionalClaims !== undefined) input.optionalClaims = body.optionalClaims;
  if (body.api?.oauth2PermissionScopes !== undefined) input.oauth2PermissionScopes = body.api.oauth2PermissionScopes.map(({ origin: _origin, ...scope }) => scope);
  return input;
}

export const wirePassword = (p: PasswordCredential, secretText: string | null = null) => ({
  customKeyIdentifier: null,
  displayName: p.displayName,
  endDateTime: p.endAt.toISOString(),
  hint: p.hint,
  keyId: p.keyId,
  secretText,
  startDateTime: p.startAt.toISOString(),
});

/** `publisherDomain` is the tenant's initial domain (settings), passed in so that this file stays free of the composition root. */
export const wireApplication = (app: Application, publisherDomain: string) => ({
  id: app.id,
  appId: app.appId,
  displayName: app.displayName,
  description: app.description,
  signInAudience: app.signInAudience,
  // Graph: the tenant's domain that publishes the app; Gatehouse's tenant has its initial domain.
  publisherDomain,
  identifierUris: app.identifierUris,
  appRoles: app.appRoles.map((r) => ({ ...r, origin: 'Application' })),
  web: { redirectUris: app.webRedirectUris, logoutUrl: app.logoutUrl, homePageUrl: null, implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false } },
  spa: { redirectUris: app.spaRedirectUris },
  publicClient: { redirectUris: app.publicClientRedirectUris },
  requiredResourceAccess: app.requiredResourceAccess,
  groupMembershipClaims: app.groupMembershipClaims,
  optionalClaims: app.optionalClaims,
  passwordCredentials: app.passwordCredentials.map((p) => wirePassword(p)),
  keyCredentials: [],
  // Defaults Graph returns for what Gatehouse does not model (no certificates or add-ins).
  isFallbackPublicClient: null,
  tags: [],
  addIns: [],
  info: { termsOfServiceUrl: null, supportUrl: null, privacyStatementUrl: null, marketingUrl: null, logoUrl: null },
  api: { requestedAccessTokenVersion: 2 as const, acceptMappedClaims: null, knownClientApplications: [], oauth2PermissionScopes: (app.oauth2PermissionScopes ?? []).map((s) => ({ ...s, origin: 'Application' })), preAuthorizedApplications: [] },
  createdDateTime: app.createdAt.toISOString(),
  deletedDateTime: app.deletedAt?.toISOString() ?? null,
});
