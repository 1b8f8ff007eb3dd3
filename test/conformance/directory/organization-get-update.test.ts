import type { Organization } from '@microsoft/microsoft-graph-types';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphClient, graphFailure } from '../entitlement/graph-client';
import { adminClient, DOMAIN } from './users-fixture';

// organization-list.md, organization-get.md, organization-update.md: the documented examples.
describe('organization', () => {
  let rt: TestRuntime;
  let admin: Client;
  let id: string;

  beforeAll(async () => {
    rt = await startRuntime();
    admin = await adminClient(rt);
    id = ((await admin.api('/organization').get()) as { value: Organization[] }).value[0]!.id!;
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  it('organization-list: GET /organization is a collection of the one organization in Graph\'s shape', async () => {
    const list = (await admin.api('/organization').get()) as { value: Organization[] };
    expect(list.value).toHaveLength(1);
    expect(list.value[0]).toMatchObject({ id, assignedPlans: [], businessPhones: [], tenantType: 'AAD', technicalNotificationMails: [], verifiedDomains: [expect.objectContaining({ name: DOMAIN, isInitial: true })] });
  });

  it('organization-get: GET /organization/{id} is the organization; with $select just those properties; another id is 404', async () => {
    expect(((await admin.api(`/organization/${id}`).get()) as Organization).id).toBe(id);
    const selected = (await admin.api(`/organization/${id}`).select('displayName,verifiedDomains').get()) as Record<string, unknown>;
    expect(Object.keys(selected).sort()).toEqual(['@odata.context', 'displayName', 'id', 'verifiedDomains']);
    expect((await graphFailure(admin.api('/organization/00000000-0000-4000-8000-000000000000').get())).statusCode).toBe(404);
  });

  it('organization-update: PATCH with the notification lists and privacyProfile → 204, all kept', async () => {
    const body: Organization = {
      marketingNotificationEmails: ['marketing@contoso.com'],
      privacyProfile: { contactEmail: 'alice@contoso.com', statementUrl: 'https://contoso.com/privacyStatement' },
      securityComplianceNotificationMails: ['security@contoso.com'],
      securityComplianceNotificationPhones: ['(123) 456-7890'],
      technicalNotificationMails: ['tech@contoso.com'],
    };
    const response = (await admin.api(`/organization/${id}`).responseType('raw' as never).patch(body)) as Response;
    expect(response.status).toBe(204);
    expect((await admin.api(`/organization/${id}`).get()) as Organization).toMatchObject(body);
  });

  it('read-only organization properties are a 400 naming them; Organization.Read.All and members read it', async () => {
    const refused = await graphFailure(admin.api(`/organization/${id}`).patch({ street: '1 Main St' }));
    expect([refused.statusCode, JSON.stringify(refused.error).includes('street')]).toEqual([400, true]);
    const reader = graphClient(rt, await rt.token({ roles: ['Organization.Read.All'] }));
    expect(((await reader.api(`/organization/${id}`).get()) as Organization).id).toBe(id);
  });
});
