import type { AuditInitiator } from '../audit';
import type { InvitationDeps } from './ports';

/** The lifecycle steps the audit log records (Entra's names where Entra has the step). */
export const INVITATION_ACTIVITIES = {
  invited: 'Invite external user',
  reset: 'Invite external user with reset invitation status',
  resent: 'Resend invitation',
  mailed: 'Queue invitation mail',
  reminded: 'Send invitation reminder',
  redeemed: 'Redeem external user invite',
  declined: 'Decline external user invite',
} as const;

export type InvitationActivity = keyof typeof INVITATION_ACTIVITIES;

/** Appends one lifecycle step for a guest; `detail` lists what changed (never links or tickets). */
export async function auditInvitation(
  deps: Pick<InvitationDeps, 'audit' | 'newId'>,
  step: { activity: InvitationActivity; at: Date; by: AuditInitiator; guestId: string; email: string; correlationId?: string | undefined; detail?: Record<string, string | null> },
): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: INVITATION_ACTIVITIES[step.activity],
    category: 'Invitations',
    activityAt: step.at,
    initiatedBy: step.by,
    targetResources: [
      {
        id: step.guestId,
        type: 'User',
        displayName: step.email,
        modifiedProperties: Object.entries(step.detail ?? {}).map(([displayName, newValue]) => ({ displayName, oldValue: null, newValue })),
      },
    ],
    result: 'success',
    correlationId: step.correlationId,
  });
}
