import { notFound } from '../errors';
import { auditChange } from './audit-entry';
import type { Actor, ApplicationDeps } from './ports';

/**
 * Deletes an application and every assignment to it. The principal is first marked as being
 * deleted (hidden from reads), so a crash half-way leaves nothing visible, and deleting it again
 * finishes the job.
 */
export async function deleteServicePrincipal(
  deps: Pick<ApplicationDeps, 'servicePrincipals' | 'assignments' | 'audit' | 'now' | 'newId'>,
  input: { id: string; actor: Actor },
): Promise<void> {
  const stored = await deps.servicePrincipals.get(input.id);
  const principal = stored?.value ?? (await deps.servicePrincipals.isDeleting(input.id));
  if (!principal) throw notFound('servicePrincipal', input.id);
  if (stored) await deps.servicePrincipals.markDeleting(principal.id, stored.etag);
  // Always the first page: each round removes what it read, so no continuation goes stale.
  for (;;) {
    const page = await deps.assignments.listByResource(principal.id, { top: 100, includeHidden: true });
    if (page.items.length === 0) break;
    for (const assignment of page.items) await deps.assignments.remove(principal.id, assignment.id);
  }
  await deps.servicePrincipals.remove(principal);
  await auditChange(deps, {
    activity: 'Remove service principal',
    category: 'ApplicationManagement',
    actor: input.actor,
    targets: [{ id: principal.id, type: 'ServicePrincipal', displayName: principal.displayName }],
  });
}
