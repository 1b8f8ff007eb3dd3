import type { AuditEntry, AuditInitiator } from '../audit';
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

/** One lifecycle step of a guest's invitation, as audited. */
export interface InvitationStep {
  activity: InvitationActivity;
  at: Date;
  by: AuditInitiator;
  guestId: string;
  email: string;
  correlationId?: string | undefined;
  detail?: Record<string, string | null>;
}

/** Appends one lifecycle step for a guest; `detail` lists what changed (never links or tickets). */
export async function auditInvitation(deps: Pick<InvitationDeps, 'audit' | 'newId'>, step: InvitationStep): Promise<void> {
  await deps.audit.append(entryOf(deps, step));
}

/** Appends several steps of one request together (one write where the audit log can batch them). */
export async function auditInvitationSteps(deps: Pick<InvitationDeps, 'audit' | 'newId'>, steps: readonly InvitationStep[]): Promise<void> {
  const entries = steps.map((step) => entryOf(deps, step));
  if (deps.audit.appendAll) await deps.audit.appendAll(entries);
  else await Promise.all(entries.map((entry) => deps.audit.append(entry)));
}

/** The audit entry of one step, with a new id. */
export function entryOf(deps: Pick<InvitationDeps, 'newId'>, step: InvitationStep): AuditEntry {
  return {
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
  };
}
