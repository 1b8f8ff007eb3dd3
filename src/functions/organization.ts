import { app } from '@azure/functions';
import { z } from 'zod';
import { seedOrganization } from '../domain/organization';
import { httpDeps, settings } from '../deps';
import { endpoint, json } from '../http/endpoint';

const organizationWire = z.object({
  id: z.string(),
  displayName: z.string(),
  verifiedDomains: z.array(z.object({ name: z.string(), isInitial: z.boolean(), isDefault: z.boolean(), type: z.string(), capabilities: z.string() })),
  privacyProfile: z.object({ statementUrl: z.string().nullable(), contactEmail: z.string().nullable() }),
  preferredLanguage: z.string(),
});

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
      async handle() {
        const s = settings();
        const organization = seedOrganization({
          tenantId: s.ORGANIZATION_TENANT_ID,
          name: s.ORGANIZATION_NAME,
          initialDomain: s.ORGANIZATION_INITIAL_DOMAIN,
          preferredLanguage: s.ORGANIZATION_PREFERRED_LANGUAGE,
          privacyStatementUrl: s.PRIVACY_STATEMENT_URL,
          privacyContactEmail: s.PRIVACY_CONTACT_EMAIL,
        });
        return json(200, { '@odata.context': `${s.PUBLIC_BASE_URL}/api/v1.0/$metadata#organization`, value: [organization] });
      },
    },
    httpDeps,
  ),
);
