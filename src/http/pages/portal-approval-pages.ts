import type { AssignmentRequest, RequestStage } from '../../domain/entitlement/requests/model';
import type { ApprovalDetails } from '../../domain/entitlement/portal/approval-view';
import { escapeHtml, formatDateTime, textToHtml } from '../../text/format';
import { portalHomeStringsFor } from '../../text/portal-home';
import { csrfField, notice, type PortalContext, type PortalPage } from './portal-http';

/**
 * The approver's pages: the list of requests waiting for them and one request's page with
 * "Approve" / "Deny". `?decision=` from the mail only preselects; deciding is always this form's POST.
 */

const a = (text: string) => escapeHtml(text);

export interface ApprovalRow {
  request: AssignmentRequest;
  packageName: string;
}

/** Who asked, as the approver should see it: the name and address they gave. */
export function requestorText(request: AssignmentRequest): string {
  const email = request.target.email ?? (request.requestor.kind === 'external' ? request.requestor.email : null);
  const name = request.target.displayName;
  if (name && email) return `${name} (${email})`;
  return name ?? email ?? request.target.objectId ?? '';
}

export function approvalsPage(ctx: PortalContext, rows: ApprovalRow[], options: { decided?: boolean } = {}): PortalPage {
  const t = ctx.t;
  const items = rows.map(
    ({ request, packageName }) =>
      `<li><a href="${a(ctx.base)}/approvals/${a(encodeURIComponent(request.id))}">${a(packageName)}: ${a(requestorText(request))}</a></li>`,
  );
  const list = items.length ? `<ul>${items.join('\n')}</ul>` : `<p>${a(t.noApprovals)}</p>`;
  return { status: 200, title: t.approvalsTitle, body: `${options.decided ? notice(t.decisionRecorded, 'status') : ''}\n${list}`, section: 'approvals' };
}

export function approvalPage(
  ctx: PortalContext,
  input: { request: AssignmentRequest; stage: RequestStage; packageName: string; preselect: 'Approve' | 'Deny' | null; details?: ApprovalDetails; error?: string; status?: number },
): PortalPage {
  const t = ctx.t;
  const h = portalHomeStringsFor(ctx.locale);
  const d = input.details;
  const row = (label: string, value: string | null | undefined) => (value ? `<dt><strong>${a(label)}</strong></dt><dd>${a(value)}</dd>` : '');
  const who = d
    ? `${row(t.requestorLabel, d.name ?? d.email)}
${row(h.emailLabel, d.email)}
${row(h.organizationLabel, d.organization)}
${row(h.requestDateLabel, formatDateTime(d.requestedDateTime, ctx.locale, 'UTC'))}`
    : row(t.requestorLabel, requestorText(input.request));
  const r = input.request;
  const answers = r.answers.length
    ? `<h2>${a(t.answersLabel)}</h2><dl>${r.answers.map((x) => `<dt>${a(x.displayValue)}</dt><dd>${textToHtml(x.value)}</dd>`).join('')}</dl>`
    : '';
  const approve = `<button type="submit" name="decision" value="Approve"${input.preselect !== 'Deny' ? ' class="primary"' : ''}${input.preselect === 'Approve' ? ' autofocus' : ''}>${a(t.approve)}</button>`;
  const deny = `<button type="submit" name="decision" value="Deny"${input.preselect === 'Deny' ? ' class="primary" autofocus' : ''}>${a(t.deny)}</button>`;
  const body = `${input.error ? notice(input.error, 'error') : ''}
<section class="card" aria-labelledby="request-heading">
<h2 id="request-heading">${a(input.packageName)}</h2>
<dl>
${who}
<dt><strong>${a(t.requestedAccessLabel)}</strong></dt><dd>${a(input.packageName)}</dd>
${row(h.policyLabel, d?.policyName)}
${d && d.daysLeft !== null ? row(h.daysLeftLabel, h.daysLeft(d.daysLeft)) : ''}
${r.justification ? `<dt><strong>${a(t.justificationLabel)}</strong></dt><dd>${textToHtml(r.justification)}</dd>` : ''}
</dl>
${answers}
</section>
<form method="post" action="${a(ctx.base)}/approvals/${a(encodeURIComponent(r.id))}">
${csrfField(ctx)}
<input type="hidden" name="stageId" value="${a(input.stage.id)}">
<label for="justification">${a(t.justificationLabel)}</label>
<textarea id="justification" name="justification" rows="3" maxlength="4000"></textarea>
<div class="actions">${input.preselect === 'Deny' ? deny + approve : approve + deny}</div>
</form>`;
  return { status: input.status ?? 200, title: t.approvalTitle, body, section: 'approvals' };
}
