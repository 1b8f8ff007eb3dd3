import { app } from '@azure/functions';
import { z } from 'zod';
import { entitlementModule, httpDeps, requestDeps, settings } from '../../deps';
import { sendShareLink, SHARE_LINK_MAX_RECIPIENTS, shareLinkOf, type ShareLinkDeps } from '../../domain/entitlement/share-link';
import { CUSTOM_MESSAGE_MAX_LENGTH } from '../../domain/limits';
import { endpoint, json } from '../../http/endpoint';
import { BASE, callerOf, tags } from './common';
import { idParams } from './wire';

/** The My Access share link of an access package, and mailing it to partners (issue 6, item 2). */
const deps = (): ShareLinkDeps => ({ ...requestDeps(), rolesIn: entitlementModule().deps.rolesIn });

const sendBody = z.object({
  recipients: z.array(z.email().max(320)).min(1).max(SHARE_LINK_MAX_RECIPIENTS),
  message: z.string().max(CUSTOM_MESSAGE_MAX_LENGTH).nullable().optional(),
});

app.http('getAccessPackageShareLink', endpoint({
  operationId: 'getAccessPackageShareLink', method: 'GET', route: `${BASE}/accessPackages/{id}/shareLink`, tags, params: idParams,
  summary: 'The My Access link of an access package (Global/User/Identity Governance Administrators, catalog owners, access package managers); hidden packages too',
  responses: { 200: { description: '{"url": "<portal>/@<directory hint>#/access-packages/<id>"}' }, 403: { description: 'May not share this package' }, 404: { description: 'No such access package' } },
  async handle({ params, principal }) {
    return json(200, { url: await shareLinkOf(deps(), await callerOf(principal), params.id) });
  },
}, httpDeps));

app.http('sendAccessPackageShareLink', endpoint({
  operationId: 'sendAccessPackageShareLink', method: 'POST', route: `${BASE}/accessPackages/{id}/shareLink/send`, tags, params: idParams, body: sendBody,
  summary: `Mail the My Access link to up to ${SHARE_LINK_MAX_RECIPIENTS} partners, with an optional message (one mail each)`,
  responses: { 202: { description: 'Mails queued' }, 400: { description: 'Bad recipients or message' }, 403: { description: 'May not share this package' }, 404: { description: 'No such access package' }, 429: { description: 'Too many sends' } },
  async handle({ params, body, principal, id }) {
    const org = await requestDeps().site.organization();
    await sendShareLink(deps(), await callerOf(principal), params.id, {
      recipients: body.recipients,
      message: body.message ?? null,
      fallbackSender: { displayName: org.displayName, email: settings().EMAIL_SENDER_ADDRESS },
      correlationId: id.requestId,
    });
    return { status: 202 };
  },
}, httpDeps));
