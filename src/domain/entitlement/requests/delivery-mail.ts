import { mailContext, packageForMail, targetRecipient } from '../approvals/mail-context';
import { nameBasedId } from '../ids';
import { portalLinks } from '../portal-links';
import type { Assignment, AssignmentRequest } from './model';
import type { RequestDeps } from './ports';

/**
 * "You now have access" to the person the request was for: the redemption link when delivery
 * created their guest account, else the package's page in the My Access portal. One mail per
 * request (the outbox id is the request's), however often delivery is retried.
 */
export async function mailAccessGranted(deps: RequestDeps, request: AssignmentRequest, assignment: Assignment, redeemUrl: string | undefined): Promise<void> {
  const context = await mailContext(deps);
  const recipient = await targetRecipient(deps, { ...request.target, objectId: assignment.targetUserId }, context);
  if (!recipient) return;
  const approved = [...request.stages].reverse().find((s) => s.reviewResult === 'Approve');
  await deps.mail.send({
    v: 1,
    outboxId: nameBasedId('requestApproved', request.id),
    kind: 'requestApproved',
    to: [{ address: recipient.address, ...(recipient.displayName ? { displayName: recipient.displayName } : {}) }],
    recipientLanguage: recipient.language,
    data: {
      organization: context.organization,
      accessPackage: await packageForMail(deps, request.accessPackageId),
      accessUrl: redeemUrl ?? portalLinks.accessPackage(deps.site.portalBaseUrl, request.accessPackageId),
      approverComment: approved?.justification ?? null,
      expiresDateTime: assignment.endDateTime,
    },
  });
}
