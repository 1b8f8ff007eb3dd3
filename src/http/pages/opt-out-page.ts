import type { HttpResponseInit } from '@azure/functions';
import { stringsFor, type SupportedLocale } from '../../text';
import { escapeHtml } from '../../text/format';
import { optOutStringsFor } from '../../text/opt-out-strings';
import { page } from './layout';

export interface OptOutPageInput {
  locale: SupportedLocale;
  organization: string;
  email: string;
  /** Whether the address blocks invitations now. */
  blocked: boolean;
  /** What was just done, if anything (after a form post). */
  changed: 'blocked' | 'allowed' | null;
  /** Where the form posts: the link itself (the token in its query is the authorization). */
  formAction: string;
}

/**
 * The "Block future invitations" page: names the organization and the address, says whether it
 * blocks invitations and offers the other choice. Opening it changes nothing (mail scanners follow
 * links); the button posts to the same link.
 */
export function optOutPage(input: OptOutPageInput): HttpResponseInit {
  const t = optOutStringsFor(input.locale);
  const who = { organization: input.organization, email: input.email };
  const state = input.blocked ? t.blocked(who) : input.changed === 'allowed' ? `${t.allowed(who)} ${t.askBlock(who)}` : t.askBlock(who);
  const action = input.blocked ? 'allow' : 'block';
  const body = `<p role="status">${escapeHtml(state)}</p>
<form method="post" action="${escapeHtml(input.formAction)}">
<input type="hidden" name="action" value="${action}">
<div class="actions"><button type="submit"${input.blocked ? '' : ' class="primary"'}>${escapeHtml(input.blocked ? t.allow : t.block)}</button></div>
</form>`;
  return page({ lang: stringsFor(input.locale).locale, title: t.title(input.organization), bodyHtml: body, status: 200 });
}
