import type { AssignmentPolicy, Question } from '../../domain/entitlement/policy';
import type { PackageView } from '../../domain/entitlement/portal/package-view';
import { escapeHtml, formatDateTime, textToHtml } from '../../text/format';
import { portalHomeStringsFor } from '../../text/portal-home';
import { csrfField, notice, type PortalContext, type PortalPage } from './portal-http';
import { signInForm } from './portal-sign-in-pages';

/**
 * The access package page: name, description and what it grants; then either the sign-in form or
 * one request form per policy that applies to the signed-in visitor (questions, "Justification",
 * dates where the policy allows them, "Request access").
 */

const a = (text: string) => escapeHtml(text);

/** What the visitor typed, so a refused form comes back filled in. */
export type PostedForm = URLSearchParams | undefined;

export interface PackagePageOptions {
  error?: string;
  status?: number;
  posted?: PostedForm;
  /** The visitor's live assignment of this package: the page says until when instead of offering to request again. */
  access?: { endDateTime: string | null };
  /** The directory does not know the visitor's name: the forms ask for first and last name. */
  askName?: boolean;
}

export function packagePage(ctx: PortalContext, view: PackageView, here: string, options: PackagePageOptions = {}): PortalPage {
  const t = ctx.t;
  const pkg = view.accessPackage;
  const grants = view.grants.length
    ? `<ul>${view.grants.map((g) => `<li>${a(t.roleOf({ role: g.role, resource: g.resource }))}</li>`).join('')}</ul>`
    : `<p>${a(t.grantsNothing)}</p>`;
  const h = portalHomeStringsFor(ctx.locale);
  let action: string;
  if (options.access) {
    const until = options.access.endDateTime ? h.youHaveAccessUntil(formatDateTime(options.access.endDateTime, ctx.locale, 'UTC')) : h.youHaveAccess;
    action = `<p class="card" role="status">${a(until)}</p>\n<p><a href="${a(ctx.base)}/access-packages?tab=active">${a(h.viewYourAccess)}</a></p>`;
  } else if (view.policies === null) action = signInForm(ctx, here);
  else if (view.policies.length === 0) action = `<p class="card">${a(t.noPolicy)}</p>`;
  else action = view.policies.map((p) => policyForm(ctx, pkg.id, p, view.policies!.length > 1, options.posted, options.askName === true)).join('\n');
  const body = `${pkg.description ? `<p>${textToHtml(pkg.description)}</p>` : ''}
<section aria-labelledby="grants-heading"><h2 id="grants-heading">${a(t.whatYouGet)}</h2>${grants}</section>
${options.error ? notice(options.error, 'error') : ''}
${action}`;
  return { status: options.status ?? 200, title: pkg.displayName, body };
}

function policyForm(ctx: PortalContext, packageId: string, policy: AssignmentPolicy, withHeading: boolean, posted: PostedForm, askName: boolean): string {
  const t = ctx.t;
  // Ids stay unique when several policies are shown; the first policy keeps the plain ones.
  const id = (name: string) => `${name}-${policy.id}`;
  const mine = posted?.get('policyId') === policy.id ? posted : undefined;
  const questions = [...policy.questions].sort((x, y) => x.sequence - y.sequence).map((q) => questionField(ctx, q, id, mine)).join('\n');
  const dates = policy.requestorSettings.allowCustomAssignmentSchedule
    ? `<label for="${id('start')}">${a(t.startLabel)}</label><input type="date" id="${id('start')}" name="start" value="${a(mine?.get('start') ?? '')}">
<label for="${id('end')}">${a(t.endLabel)}</label><input type="date" id="${id('end')}" name="end" value="${a(mine?.get('end') ?? '')}">`
    : '';
  const h = portalHomeStringsFor(ctx.locale);
  const name = askName
    ? `<p class="muted">${a(h.nameIntro)}</p>
<label for="${id('givenName')}">${a(`${h.firstNameLabel} ${t.required}`)}</label><input type="text" id="${id('givenName')}" name="givenName" autocomplete="given-name" maxlength="64" required value="${a(mine?.get('givenName') ?? '')}">
<label for="${id('surname')}">${a(`${h.lastNameLabel} ${t.required}`)}</label><input type="text" id="${id('surname')}" name="surname" autocomplete="family-name" maxlength="64" required value="${a(mine?.get('surname') ?? '')}">`
    : '';
  const approval = policy.requestApprovalSettings.isApprovalRequiredForAdd ? `<p class="muted">${a(t.approvalNeeded)}</p>` : '';
  return `<section class="card" aria-label="${a(policy.displayName)}">
${withHeading ? `<h2>${a(t.policyHeading(policy.displayName))}</h2>` : ''}${approval}
<form method="post" action="${a(ctx.base)}/access-packages/${a(encodeURIComponent(packageId))}">
${csrfField(ctx)}
<input type="hidden" name="policyId" value="${a(policy.id)}">
${name}
${questions}
<label for="${id('justification')}">${a(t.justificationLabel)}</label>
<textarea id="${id('justification')}" name="justification" rows="4" maxlength="4000">${a(mine?.get('justification') ?? '')}</textarea>
${dates}
<div class="actions"><button type="submit" class="primary">${a(t.requestAccess)}</button></div>
</form>
</section>`;
}

function questionField(ctx: PortalContext, q: Question, id: (name: string) => string, posted: PostedForm): string {
  const name = `answer.${q.id}`;
  const label = `${q.text}${q.isRequired ? ` ${ctx.t.required}` : ''}`;
  const required = q.isRequired ? ' required' : '';
  const given = posted?.getAll(name) ?? [];
  if (q.type === 'text') {
    const field = q.isSingleLineQuestion
      ? `<input type="text" id="${id(q.id)}" name="${a(name)}" maxlength="4000" value="${a(given[0] ?? '')}"${required}>`
      : `<textarea id="${id(q.id)}" name="${a(name)}" rows="3" maxlength="4000"${required}>${a(given[0] ?? '')}</textarea>`;
    return `<label for="${id(q.id)}">${a(label)}</label>\n${field}`;
  }
  if (q.allowsMultipleSelection) {
    const boxes = q.choices
      .map((c, i) => `<div><input type="checkbox" id="${id(`${q.id}-${i}`)}" name="${a(name)}" value="${a(c.actualValue)}"${given.includes(c.actualValue) ? ' checked' : ''}> <label for="${id(`${q.id}-${i}`)}" style="display:inline;font-weight:400">${a(c.text)}</label></div>`)
      .join('');
    return `<fieldset><legend>${a(label)}</legend>${boxes}</fieldset>`;
  }
  const options = q.choices.map((c) => `<option value="${a(c.actualValue)}"${given[0] === c.actualValue ? ' selected' : ''}>${a(c.text)}</option>`).join('');
  return `<label for="${id(q.id)}">${a(label)}</label>\n<select id="${id(q.id)}" name="${a(name)}"${required}><option value=""></option>${options}</select>`;
}

/** The answers a posted form gives to the policy's questions (multiple choices joined by a line break). */
export function answersOf(policy: AssignmentPolicy, form: URLSearchParams): { questionId: string; value: string }[] {
  return policy.questions
    .map((q) => ({ questionId: q.id, value: form.getAll(`answer.${q.id}`).filter((v) => v !== '').join('\n') }))
    .filter((answer) => answer.value !== '');
}
