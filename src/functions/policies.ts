import { app } from '@azure/functions';
import { z } from 'zod';
import { authorizationPolicyStore, directoryAudit, httpDeps, invitationDomainPolicyStore, settings } from '../deps';
import { Failure } from '../domain/errors';
import { ALLOW_INVITES_FROM, GUEST_ROLE_IDS, defaultAuthorizationPolicy } from '../domain/policies/authorization-policy';
import { defaultInvitationDomainPolicy, normalizeDomainLists } from '../domain/policies/invitation-domain-policy';
import { updateSettingsDocument } from '../domain/policies/update-settings-document';
import { loadOrSeed } from '../domain/policies/document-store';
import { defaultUserRolePermissionsSchema } from '../domain/policies/schemas';
import { initiatorOf } from '../domain/users/initiator';
import { endpoint, json } from '../http/endpoint';

const context = (what: string) => `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#policies/${what}/$entity`;
const changeDeps = () => ({ audit: directoryAudit(), now: () => new Date(), newId: () => crypto.randomUUID() });
const guestRoleIds = Object.values(GUEST_ROLE_IDS) as string[];

app.http('getAuthorizationPolicy', endpoint({
  operationId: 'getAuthorizationPolicy',
  method: 'GET',
  route: 'v1.0/policies/authorizationPolicy',
  summary: 'Who may invite and what guests may see (Graph: GET /policies/authorizationPolicy)',
  tags: ['policies'],
  responses: { 200: { description: 'The policy' } },
  async handle() {
    // Gatehouse: the ETag header lets a client send If-Match on its PATCH (optional; Graph has no ETag here).
    const stored = await loadOrSeed(authorizationPolicyStore(), defaultAuthorizationPolicy);
    return json(200, { '@odata.context': context('authorizationPolicy'), ...stored.value }, { etag: stored.etag });
  },
}, httpDeps));

app.http('updateAuthorizationPolicy', endpoint({
  operationId: 'updateAuthorizationPolicy',
  method: 'PATCH',
  route: 'v1.0/policies/authorizationPolicy',
  summary: 'Change allowInvitesFrom / guestUserRoleId (Graph: PATCH /policies/authorizationPolicy)',
  tags: ['policies'],
  body: z
    .object({
      allowInvitesFrom: z.enum(ALLOW_INVITES_FROM),
      guestUserRoleId: z.string().transform((v) => v.toLowerCase()).refine((v) => guestRoleIds.includes(v), {
        message: `must be one of ${guestRoleIds.join(', ')}`,
      }),
      displayName: z.string().min(1).max(256),
      description: z.string().max(1024),
      allowedToSignUpEmailBasedSubscriptions: z.boolean(),
      allowedToUseSSPR: z.boolean(),
      allowEmailVerifiedUsersToJoinOrganization: z.boolean(),
      allowUserConsentForRiskyApps: z.boolean().nullable(),
      blockMsolPowerShell: z.boolean(),
      defaultUserRolePermissions: defaultUserRolePermissionsSchema.partial().strict(),
    })
    .partial()
    .strict(),
  responses: { 204: { description: 'Changed' }, 412: { description: 'Changed meanwhile' } },
  async handle({ body, principal, request, id }) {
    await updateSettingsDocument(changeDeps(), {
      store: authorizationPolicyStore(),
      seed: defaultAuthorizationPolicy,
      // defaultUserRolePermissions is merged: a PATCH naming one of its flags keeps the others.
      apply: (current) => ({ ...current, ...body, defaultUserRolePermissions: { ...current.defaultUserRolePermissions, ...body.defaultUserRolePermissions } }),
      ifMatch: request.headers.get('if-match') ?? undefined,
      initiatedBy: initiatorOf(principal),
      correlationId: id.requestId,
      activity: 'Update authorization policy',
      category: 'Policy',
      target: { id: 'authorizationPolicy', type: 'Policy', displayName: 'Authorization Policy' },
    });
    return { status: 204 };
  },
}, httpDeps));

app.http('getInvitationDomainPolicy', endpoint({
  operationId: 'getInvitationDomainPolicy',
  method: 'GET',
  route: 'v1.0/policies/invitationDomainPolicy',
  summary: 'Gatehouse: domains that may (allowedDomains) or may not (blockedDomains, wins) be invited',
  tags: ['policies'],
  responses: { 200: { description: 'The policy' } },
  async handle() {
    const stored = await loadOrSeed(invitationDomainPolicyStore(), defaultInvitationDomainPolicy);
    return json(200, { '@odata.context': context('invitationDomainPolicy'), ...stored.value }, { etag: stored.etag });
  },
}, httpDeps));

app.http('updateInvitationDomainPolicy', endpoint({
  operationId: 'updateInvitationDomainPolicy',
  method: 'PATCH',
  route: 'v1.0/policies/invitationDomainPolicy',
  summary: 'Gatehouse: replace the allow and/or block list (25,000 characters together; *.domain wildcards)',
  tags: ['policies'],
  body: z.object({ allowedDomains: z.array(z.string().max(255)).max(5000), blockedDomains: z.array(z.string().max(255)).max(5000) }).partial().strict(),
  responses: { 204: { description: 'Changed' }, 400: { description: 'A malformed domain, or the lists are too long' }, 412: { description: 'Changed meanwhile' } },
  async handle({ body, principal, request, id }) {
    if (body.allowedDomains === undefined && body.blockedDomains === undefined) {
      throw new Failure('invalidRequest', 'Give allowedDomains, blockedDomains or both.', { details: [{ target: 'allowedDomains', message: 'missing' }] });
    }
    await updateSettingsDocument(changeDeps(), {
      store: invitationDomainPolicyStore(),
      seed: defaultInvitationDomainPolicy,
      apply: (current) => ({
        ...current,
        ...normalizeDomainLists({ allowedDomains: body.allowedDomains ?? current.allowedDomains, blockedDomains: body.blockedDomains ?? current.blockedDomains }),
      }),
      ifMatch: request.headers.get('if-match') ?? undefined,
      initiatedBy: initiatorOf(principal),
      correlationId: id.requestId,
      activity: 'Update invitation domain policy',
      category: 'Policy',
      target: { id: 'invitationDomainPolicy', type: 'Policy', displayName: 'Invitation domain policy' },
    });
    return { status: 204 };
  },
}, httpDeps));
