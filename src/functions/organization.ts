import { app } from '@azure/functions';
import { z } from 'zod';
import { currentOrganization, directoryAudit, httpDeps, organizationSeed, organizationStore, settings } from '../deps';
import { notFound } from '../domain/errors';
import { applyOrganizationChanges, toGraphOrganization } from '../domain/organization';
import { readEntityQuery } from '../http/entity-query';
import { projectSelected } from '../http/odata';
import { updateSettingsDocument } from '../domain/policies/update-settings-document';
import { loadOrSeed } from '../domain/policies/document-store';
import { initiatorOf } from '../domain/users/initiator';
import { endpoint, json } from '../http/endpoint';

const organizationWire = z.object({
  id: z.string(),
  displayName: z.string(),
  verifiedDomains: z.array(z.object({ name: z.string(), isInitial: z.boolean(), isDefault: z.boolean(), type: z.string(), capabilities: z.string() })),
  privacyProfile: z.object({ statementUrl: z.string().nullable(), contactEmail: z.string().nullable() }),
  preferredLanguage: z.string(),
  invitationValidity: z.string().nullable().describe('Gatehouse extension: ISO 8601 duration an invitation stays redeemable; null = no expiry'),
  invitationReminderSchedule: z.array(z.number()).describe('Gatehouse extension: days after invitation to remind a pending guest; [] = off'),
  marketingNotificationEmails: z.array(z.string()),
  securityComplianceNotificationMails: z.array(z.string()),
  securityComplianceNotificationPhones: z.array(z.string()),
  technicalNotificationMails: z.array(z.string()),
});

const ORGANIZATION_SELECTABLE = [
  'id', 'displayName', 'verifiedDomains', 'privacyProfile', 'preferredLanguage', 'invitationValidity', 'invitationReminderSchedule',
  'marketingNotificationEmails', 'securityComplianceNotificationMails', 'securityComplianceNotificationPhones', 'technicalNotificationMails',
  'assignedPlans', 'provisionedPlans', 'businessPhones', 'city', 'country', 'countryLetterCode', 'postalCode', 'state', 'street', 'tenantType',
  'createdDateTime', 'deletedDateTime', 'onPremisesSyncEnabled', 'onPremisesLastSyncDateTime',
];
const organizationQuery = { entityType: 'microsoft.graph.organization', selectable: ORGANIZATION_SELECTABLE } as const;
const contextOf = (select: readonly string[] | undefined) => `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#organization${select ? `(${select.join(',')})` : ''}`;

app.http(
  'getOrganization',
  endpoint(
    {
      operationId: 'getOrganization',
      method: 'GET',
      route: 'v1.0/organization',
      summary: 'The organization this deployment serves (Graph: GET /organization)',
      tags: ['directory'],
      responses: { 200: { description: 'A collection with the one organization', schema: z.object({ value: z.array(organizationWire) }) } },
      async handle({ request }) {
        const { select } = readEntityQuery(request, organizationQuery);
        const organization = toGraphOrganization(await currentOrganization());
        return json(200, { '@odata.context': contextOf(select), value: [projectSelected(organization, select)] });
      },
    },
    httpDeps,
  ),
);

app.http(
  'getOrganizationById',
  endpoint(
    {
      operationId: 'getOrganizationById',
      method: 'GET',
      route: 'v1.0/organization/{id}',
      summary: 'The organization by its id (Graph: GET /organization/{id}), with $select',
      tags: ['directory'],
      params: z.object({ id: z.string() }),
      responses: { 200: { description: 'The organization', schema: organizationWire }, 404: { description: 'Not this organization' } },
      async handle({ request, params }) {
        const { select } = readEntityQuery(request, organizationQuery);
        const stored = await loadOrSeed(organizationStore(), organizationSeed);
        const organization = stored.value;
        if (params.id.toLowerCase() !== organization.id.toLowerCase()) throw notFound('organization', params.id);
        // Gatehouse: the ETag header lets a client send If-Match on its PATCH (optional; Graph has no ETag here).
        return json(200, { '@odata.context': `${contextOf(select)}/$entity`, ...projectSelected(toGraphOrganization(organization), select) }, { etag: stored.etag });
      },
    },
    httpDeps,
  ),
);

const patchBody = z
  .object({
    displayName: z.string().min(1).max(256),
    privacyProfile: z
      .object({ statementUrl: z.string().url().max(2048).nullable(), contactEmail: z.string().email().max(256).nullable() })
      .partial()
      .strict(),
    preferredLanguage: z.string().regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'must look like en-US'),
    invitationValidity: z.string().max(40).nullable(),
    invitationReminderSchedule: z.array(z.number().int().min(1).max(365)).max(10),
    marketingNotificationEmails: z.array(z.string().email().max(256)).max(50),
    securityComplianceNotificationMails: z.array(z.string().email().max(256)).max(50),
    securityComplianceNotificationPhones: z.array(z.string().min(1).max(64)).max(50),
    technicalNotificationMails: z.array(z.string().email().max(256)).max(50),
  })
  .partial()
  .strict();

app.http(
  'updateOrganization',
  endpoint(
    {
      operationId: 'updateOrganization',
      method: 'PATCH',
      route: 'v1.0/organization/{id}',
      summary: 'Change the organization (Graph: PATCH /organization/{id}); verifiedDomains is read-only',
      tags: ['directory'],
      params: z.object({ id: z.string() }),
      body: patchBody,
      responses: { 204: { description: 'Changed' }, 404: { description: 'Not this organization' }, 412: { description: 'Changed meanwhile' } },
      async handle({ params, body, principal, request, id }) {
        if (params.id.toLowerCase() !== settings().ORGANIZATION_TENANT_ID.toLowerCase()) throw notFound('organization', params.id);
        await updateSettingsDocument(
          { audit: directoryAudit(), now: () => new Date(), newId: () => crypto.randomUUID() },
          {
            store: organizationStore(),
            seed: organizationSeed,
            apply: (current) => applyOrganizationChanges(current, body),
            ifMatch: request.headers.get('if-match') ?? undefined,
            initiatedBy: initiatorOf(principal),
            correlationId: id.requestId,
            activity: 'Update company settings',
            category: 'DirectoryManagement',
            target: { id: params.id, type: 'Organization' },
          },
        );
        return { status: 204 };
      },
    },
    httpDeps,
  ),
);
