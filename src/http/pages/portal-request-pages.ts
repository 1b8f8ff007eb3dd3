import type { Assignment, AssignmentRequest } from '../../domain/entitlement/requests/model';
import { isOpenRequest } from '../../domain/entitlement/requests/model';
import type { PortalStrings } from '../../text/portal-strings';
import { escapeHtml, formatDateTime, textToHtml } from '../../text/format';
import { portalHomeStringsFor } from '../../text/portal-home';
import { csrfField, notice, type PortalContext, type PortalPage } from './portal-http';

/** The requester's status view (with "Cancel request" on open requests) and the extension page. */

const a = (text: string) => escapeHtml(text);

/** The state a requester understands, from Graph's `state` and `status`. */
export function stateText(t: PortalStrings, request: AssignmentRequest): string {
  switch (request.state) {
    case 'submitted':
    case 'pendingApproval':
      return t.states.pending;
    case 'scheduled':
      return t.states.scheduled;
    case 'delivering':
      return t.states.delivering;
    case 'delivered':
      return request.status === 'Expired' ? t.states.expired : t.states.delivered;
    case 'partiallyDelivered':
      return t.states.partiallyDelivered;
    case 'denied':
      return request.status === 'TimedOut' ? t.states.timedOut : t.states.denied;
    case 'canceled':
      return t.states.canceled;
    case 'deliveryFailed':
      return t.states.failed;
  }
}

export interface RequestRow {
  request: AssignmentRequest;
  packageName: string;
}

export function requestsPage(ctx: PortalContext, rows: RequestRow[], options: { submitted?: boolean; error?: string; status?: number } = {}): PortalPage {
  const t = ctx.t;
  const items = rows.map(({ request, packageName }) => {
    const headingId = `request-${request.id}`;
    const reason = request.state === 'denied' && request.reason ? `<p><strong>${a(t.reasonLabel)}:</strong> ${textToHtml(request.reason)}</p>` : '';
    const cancel = isOpenRequest(request)
      ? `<form method="post" action="${a(ctx.base)}/requests/${a(encodeURIComponent(request.id))}/cancel">${csrfField(ctx)}<button type="submit" aria-describedby="${a(headingId)}">${a(t.cancelRequest)}</button></form>`
      : '';
    return `<li class="card"><h2 id="${a(headingId)}">${a(packageName)}</h2>
<p><strong>${a(t.stateLabel)}:</strong> ${a(stateText(t, request))}</p>
<p class="muted">${a(t.requestedOn(formatDateTime(request.createdDateTime, ctx.locale, 'UTC')))}</p>${reason}${historyOf(ctx, request)}${cancel}</li>`;
  });
  const list = items.length ? `<ul style="list-style:none;padding:0">${items.join('\n')}</ul>` : `<p>${a(t.noRequests)}</p>`;
  const top = options.error ? notice(options.error, 'error') : options.submitted ? notice(t.submitted, 'status') : '';
  return { status: options.status ?? 200, title: t.requestsTitle, body: `${top}\n${list}`, section: 'requests' };
}

/** What happened to a request, in order: submitted, each stage's decision, the outcome. */
function historyOf(ctx: PortalContext, request: AssignmentRequest): string {
  const h = portalHomeStringsFor(ctx.locale);
  const date = (iso: string) => formatDateTime(iso, ctx.locale, 'UTC');
  const events: { at: string; text: string }[] = [{ at: request.createdDateTime, text: h.historySubmitted(date(request.createdDateTime)) }];
  for (const stage of request.stages) {
    if (!stage.reviewedDateTime || stage.reviewResult === 'NotReviewed') continue;
    const who = { by: stage.reviewedBy?.displayName ?? null, date: date(stage.reviewedDateTime) };
    events.push({ at: stage.reviewedDateTime, text: stage.reviewResult === 'Approve' ? h.historyApproved(who) : h.historyDenied(who) });
  }
  if (request.completedDateTime) events.push({ at: request.completedDateTime, text: h.historyCompleted({ state: stateText(ctx.t, request), date: date(request.completedDateTime) }) });
  events.sort((x, y) => x.at.localeCompare(y.at));
  return `<details><summary>${a(h.historyLabel)}</summary><ol>${events.map((e) => `<li>${a(e.text)}</li>`).join('')}</ol></details>`;
}

/** The one-click extension of an expiring assignment: the click is this page's POST. */
export function extendPage(ctx: PortalContext, assignment: Assignment, packageName: string, options: { error?: string; status?: number } = {}): PortalPage {
  const t = ctx.t;
  const date = assignment.endDateTime ? formatDateTime(assignment.endDateTime, ctx.locale, 'UTC') : null;
  const body = `${options.error ? notice(options.error, 'error') : ''}
<p>${a(t.extendIntro({ accessPackage: packageName, date }))}</p>
<form method="post" action="${a(ctx.base)}/assignments/${a(encodeURIComponent(assignment.id))}/extend">
${csrfField(ctx)}
<label for="justification">${a(t.justificationLabel)}</label>
<textarea id="justification" name="justification" rows="3" maxlength="4000"></textarea>
<div class="actions"><button type="submit" class="primary">${a(t.requestExtension)}</button></div>
</form>`;
  return { status: options.status ?? 200, title: t.extendTitle, body };
}
