import { app, type InvocationContext } from '@azure/functions';
import { groupModule } from '../deps';
import { evaluateGroupPage, resumeStalledEvaluations } from '../domain/groups/dynamic-membership';
import { finishGroupDeletion, finishInterruptedDeletions } from '../domain/groups/manage-group';
import { sweepGroupRecycleBin } from '../domain/groups/recycle-group';
import { evaluationMessageSchema } from '../domain/groups/ports';

/** An evaluation that has not moved for this long is re-queued by the sweep. */
const STALLED_AFTER_MS = 15 * 60_000;

/**
 * Full re-evaluations of dynamic groups: each message is one page of users; the handler queues the
 * next page. A message that does not parse is a bug: it throws, so it ends in the poison queue.
 */
app.storageQueue('evaluateGroupMembership', {
  queueName: 'group-evaluation',
  connection: 'AzureWebJobsStorage',
  async handler(message: unknown, context: InvocationContext) {
    const parsed = evaluationMessageSchema.parse(typeof message === 'string' ? JSON.parse(message) : message);
    const outcome = await evaluateGroupPage(groupModule().deps, parsed);
    context.log('group evaluation page', { groupId: parsed.groupId, ruleVersion: parsed.ruleVersion, outcome });
  },
});

/**
 * Restarts evaluations whose queue message was lost (crash before enqueue, poison queue) and
 * finishes group deletions a crash interrupted; then moves the recycle bin on (relations a crash
 * left half-moved, groups past their 30 days).
 */
app.timer('resumeGroupEvaluations', {
  schedule: '0 */5 * * * *',
  async handler(_timer, context: InvocationContext) {
    const resumed = await resumeStalledEvaluations(groupModule().deps, STALLED_AFTER_MS);
    if (resumed.length > 0) context.log('group evaluations resumed', { groupIds: resumed.map((m) => m.groupId) });
    const deleted = await finishInterruptedDeletions(groupModule().deps);
    if (deleted.length > 0) context.log('group deletions finished', { groupIds: deleted });
    const deps = groupModule().deps;
    const purged = await sweepGroupRecycleBin(deps, (id) => finishGroupDeletion(deps, id));
    if (purged.length > 0) context.log('deleted groups purged', { groupIds: purged });
  },
});
