import { Failure } from '../errors';
import { burstLimit } from '../token-bucket';
import { mailContext } from './approvals/mail-context';
import { auditEntitlement } from './audit';
import { requireCatalogAccess, type CatalogRoleReader, type EntitlementCaller } from './catalog-roles';
import { nameBasedId } from './ids';
import { requirePackage } from './packages';
import { portalLinks } from './portal-links';
import type { RequestDeps } from './requests/ports';

/**
 * The shareable My Access link of an access package (`GET …/accessPackages/{id}/shareLink`) and its
 * mailing to partners (`POST …/shareLink/send`). Only Global Administrators, User Administrators,
 * Identity Governance Administrators, catalog owners and access package managers may have it
 * (REFERENCE §6). Hidden packages have a link too: hiding only keeps them out of listings.
 */
export type ShareLinkDeps = RequestDeps & { rolesIn: CatalogRoleReader };

/** Most partners one send may address; each gets a mail of their own. */
export const SHARE_LINK_MAX_RECIPIENTS = 10;
/** Sends per caller, so a leaked token cannot turn the link mail into a spam cannon. */
const SENDS_PER_CALLER = [burstLimit('shareLinkSends', 20, 3_600)];

export async function shareLinkOf(deps: ShareLinkDeps, caller: EntitlementCaller, accessPackageId: string): Promise<string> {
  const pkg = await requirePackage(deps, accessPackageId);
  await requireCatalogAccess(deps.rolesIn, caller, pkg.value.catalogId, 'shareLink');
  const org = await deps.site.organization();
  // The tenant id works as a hint too; the initial domain is what My Access links show.
  return portalLinks.shareLink(deps.site.portalBaseUrl, org.initialDomain || org.tenantId, pkg.value.id);
}

export interface SendShareLinkInput {
  recipients: string[];
  message: string | null;
  /** Who the mail says it is from, when the caller is an app (no person to name). */
  fallbackSender: { displayName: string; email: string };
  correlationId: string;
}

/** Mails the link to each recipient (one mail each, so partners do not see one another). */
export async function sendShareLink(deps: ShareLinkDeps, caller: EntitlementCaller, accessPackageId: string, input: SendShareLinkInput): Promise<void> {
  const recipients = [...new Set(input.recipients.map((r) => r.trim().toLowerCase()))];
  if (recipients.length === 0 || recipients.length > SHARE_LINK_MAX_RECIPIENTS) {
    throw new Failure('validationFailed', `Give 1 to ${SHARE_LINK_MAX_RECIPIENTS} recipients.`, { details: [{ target: 'recipients', message: `1 to ${SHARE_LINK_MAX_RECIPIENTS} addresses` }] });
  }
  const url = await shareLinkOf(deps, caller, accessPackageId);
  const pkg = (await requirePackage(deps, accessPackageId)).value;
  const sender = await senderOf(deps, caller, input.fallbackSender);
  const callerKey = caller.kind === 'administrator' ? (caller.audit.kind === 'app' ? `app:${caller.audit.appId}` : caller.audit.id) : caller.userId;
  const taken = await deps.limiter.take(`shareLinkSend:${callerKey}`, SENDS_PER_CALLER, deps.now());
  if (!taken.ok) throw new Failure('throttled', 'Too many share link mails; try again later.', { retryAfterSeconds: Math.ceil(taken.retryAfterMs / 1000) });
  const context = await mailContext(deps);
  for (const address of recipients) {
    const known = await deps.people.userByEmail(address);
    await deps.mail.send({
      v: 1,
      outboxId: nameBasedId('accessPackageLink', pkg.id, address, input.correlationId),
      kind: 'accessPackageLink',
      to: [{ address }],
      recipientLanguage: known?.preferredLanguage ?? context.language,
      data: {
        organization: context.organization,
        sender,
        accessPackage: { displayName: pkg.displayName, description: pkg.description },
        linkUrl: url,
        customMessage: input.message,
        blockFutureInvitationsUrl: null,
      },
    });
  }
  await auditEntitlement(deps, caller, 'Send access package link', { id: pkg.id, type: 'AccessPackage', displayName: pkg.displayName }, input.correlationId);
}

async function senderOf(deps: ShareLinkDeps, caller: EntitlementCaller, fallback: { displayName: string; email: string }): Promise<{ displayName: string; email: string }> {
  const userId = caller.kind === 'user' ? caller.userId : caller.audit.kind === 'user' ? caller.audit.id : null;
  const user = userId ? await deps.people.user(userId) : undefined;
  if (user?.mail) return { displayName: user.displayName?.trim() || user.mail, email: user.mail };
  return fallback;
}
