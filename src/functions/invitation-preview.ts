import { app } from '@azure/functions';
import { z } from 'zod';
import { httpDeps, invitationModule } from '../deps';
import { Failure } from '../domain/errors';
import { invitationBody, inviteInputOf } from '../domain/invitations/invitation-wire';
import { previewInvitation } from '../domain/invitations/preview-invitation';
import { renderEmail } from '../email/templates';
import { endpoint, json } from '../http/endpoint';

const previewWire = z.object({ subject: z.string(), html: z.string(), plainText: z.string(), language: z.string(), headers: z.record(z.string(), z.string()) });

app.http(
  'previewInvitation',
  endpoint(
    {
      operationId: 'previewInvitation',
      method: 'POST',
      route: 'v1.0/invitations/preview',
      summary: 'Render the invitation mail a POST /invitations with this body would send, without sending or writing anything',
      tags: ['invitations'],
      body: invitationBody,
      responses: { 200: { description: 'The rendered mail (the redeem link is a placeholder)', schema: previewWire } },
      async handle({ body, principal, id }) {
        if (!principal) throw new Failure('unauthenticated', 'A bearer token is required.');
        const caller = await invitationModule().describeCaller(principal);
        const { mail, organizationPreferredLanguage } = await previewInvitation(invitationModule().deps, inviteInputOf(body, caller, id.requestId));
        const rendered = renderEmail(mail, { organizationPreferredLanguage });
        return json(200, { subject: rendered.subject, html: rendered.html, plainText: rendered.plainText, language: rendered.language, headers: rendered.headers });
      },
    },
    httpDeps,
  ),
);
