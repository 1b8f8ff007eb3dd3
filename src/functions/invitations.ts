import { app } from '@azure/functions';
import { z } from 'zod';
import { httpDeps, idempotencyDeps, invitationModule, invitationThrottle, settings } from '../deps';
import { getInvitationStatus } from '../domain/invitations/invitation-status';
import { invitationBody, inviteInputOf, toGraphInvitation, toInvitationStatus } from '../domain/invitations/invitation-wire';
import { inviteGuest } from '../domain/invitations/invite-guest';
import { resendInvitation } from '../domain/invitations/resend-invitation';
import { Failure } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { endpoint, json } from '../http/endpoint';
import { idempotent } from '../http/idempotency';

const idParams = z.object({ id: z.string().min(1).max(100) });

function callerOf(principal: Principal | undefined) {
  if (!principal) throw new Failure('unauthenticated', 'A bearer token is required.');
  return invitationModule().describeCaller(principal);
}

app.http(
  'createInvitation',
  endpoint(
    {
      operationId: 'createInvitation',
      method: 'POST',
      route: 'v1.0/invitations',
      summary: 'Invite a guest (Graph: POST /invitations), with profile properties and up to 20 assignments',
      tags: ['invitations'],
      body: invitationBody,
      responses: {
        201: { description: 'The invitation, with the redeem URL' },
        400: { description: 'Invalid request, an existing member, a verified or blocked domain, more than 20 assignments' },
        403: { description: 'Not allowed to invite (allowInvitesFrom), to invite members or to assign roles' },
        409: { description: 'A request with the same Idempotency-Key is still running' },
        422: { description: 'The Idempotency-Key was used for a different request (a repeat within 24 h gets the first response)' },
        429: { description: 'Too many invitation mails for this guest, or too many invitation requests (INVITE_RATE_LIMIT_PER_5S)' },
      },
      async handle(ctx) {
        const { body, principal, id } = ctx;
        // A replay of a kept response is not a new invitation request, so the throttle runs inside.
        return idempotent(idempotencyDeps(), ctx, { operationId: 'createInvitation', params: {}, payload: body, retrySafe: true }, async (operationKey) => {
          await invitationThrottle();
          const input = { ...inviteInputOf(body, await callerOf(principal), id.requestId), operationKey };
          const { invitation, redeemUrl } = await inviteGuest(invitationModule().deps, input);
          return json(201, {
            '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#invitations/$entity`,
            ...toGraphInvitation(invitation, redeemUrl, body.resetRedemption ?? false),
          });
        });
      },
    },
    httpDeps,
  ),
);

app.http(
  'resendInvitation',
  endpoint(
    {
      operationId: 'resendInvitation',
      method: 'POST',
      route: 'v1.0/users/{id}/invitation/resend',
      summary: "Mail a pending guest's invitation again with a fresh link (Gatehouse extension); earlier links keep working",
      tags: ['invitations'],
      params: idParams,
      responses: {
        202: { description: 'The mail is queued; the body shows the invitation and its new redeem URL' },
        404: { description: 'No such guest or invitation' },
        409: { description: 'Already redeemed, or a request with the same Idempotency-Key is still running' },
        422: { description: 'The Idempotency-Key was used for a different request' },
        429: { description: 'Too many invitation mails for this guest' },
      },
      async handle(ctx) {
        const { params, principal, id } = ctx;
        return idempotent(idempotencyDeps(), ctx, { operationId: 'resendInvitation', params: { id: params.id.toLowerCase() }, payload: null, retrySafe: true }, async (operationKey) => {
          await invitationThrottle();
          const { invitation, redeemUrl } = await resendInvitation(invitationModule().deps, {
            caller: await callerOf(principal),
            guestId: params.id.toLowerCase(),
            correlationId: id.requestId,
            operationKey,
          });
          return json(202, toGraphInvitation(invitation, redeemUrl, false));
        });
      },
    },
    httpDeps,
  ),
);

app.http(
  'getUserInvitation',
  endpoint(
    {
      operationId: 'getUserInvitation',
      method: 'GET',
      route: 'v1.0/users/{id}/invitation',
      summary: "A guest's invitation: redemption state, consent, last mail and its delivery status (Gatehouse extension)",
      tags: ['invitations'],
      params: idParams,
      responses: { 200: { description: 'The invitation status' }, 404: { description: 'No such guest or invitation' } },
      async handle({ params }) {
        const { invitation, messageStatus } = await getInvitationStatus(invitationModule().deps, params.id.toLowerCase());
        return json(200, toInvitationStatus(invitation, messageStatus));
      },
    },
    httpDeps,
  ),
);
