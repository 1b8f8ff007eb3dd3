import type { AccessRow, HomeView } from '../../domain/entitlement/portal/home-view';
import { escapeHtml, formatDateTime, textToHtml } from '../../text/format';
import { portalHomeStringsFor } from '../../text/portal-home';
import type { PortalHomeStrings } from '../../text/portal-home-strings';
import type { PortalContext, PortalPage } from './portal-http';

/**
 * The My Access home page: a search box, tabs (plain links, the current one marked) for the
 * packages the visitor can request, their active access with its end date and "Extend" where the
 * policy allows, and their expired access.
 */
export type HomeTab = 'available' | 'active' | 'expired';
export const HOME_TABS: readonly HomeTab[] = ['available', 'active', 'expired'];

const a = (text: string) => escapeHtml(text);

export function homePage(ctx: PortalContext, view: HomeView, input: { tab: HomeTab; search: string }): PortalPage {
  const h = portalHomeStringsFor(ctx.locale);
  const home = `${ctx.base}/access-packages`;
  const href = (tab: HomeTab) => `${home}?tab=${tab}${input.search ? `&search=${encodeURIComponent(input.search)}` : ''}`;
  const counts: Record<HomeTab, number> = { available: view.available.length, active: view.active.length, expired: view.expired.length };
  const names: Record<HomeTab, string> = { available: h.tabAvailable, active: h.tabActive, expired: h.tabExpired };
  const tabs = `<nav aria-label="${a(h.tabsLabel)}"><ul class="tabs">${HOME_TABS.map(
    (tab) => `<li><a href="${a(href(tab))}"${tab === input.tab ? ' aria-current="page"' : ''}>${a(`${names[tab]} (${counts[tab]})`)}</a></li>`,
  ).join('')}</ul></nav>`;
  const search = `<form class="search" role="search" method="get" action="${a(home)}">
<input type="hidden" name="tab" value="${a(input.tab)}">
<label for="search">${a(h.searchLabel)}</label>
<input type="search" id="search" name="search" maxlength="100" value="${a(input.search)}">
<button type="submit">${a(h.searchButton)}</button>
</form>`;
  const results = input.search ? `<p role="status">${a(h.searchResults({ count: counts[input.tab], query: input.search }))}</p>` : '';
  let list: string;
  if (input.tab === 'available') list = availableList(ctx, h, view);
  else list = accessList(ctx, h, input.tab === 'active' ? view.active : view.expired, input.tab);
  const body = `${search}
${tabs}
<section aria-labelledby="tab-heading">
<h2 id="tab-heading">${a(names[input.tab])}</h2>
${results}${list}
</section>`;
  return { status: 200, title: h.homeTitle, body, section: 'packages' };
}

function availableList(ctx: PortalContext, h: PortalHomeStrings, view: HomeView): string {
  if (!view.available.length) return `<p>${a(h.noneAvailable)}</p>${view.inDirectory ? '' : `<p class="muted">${a(h.strangerHint)}</p>`}`;
  const items = view.available.map(({ accessPackage: p }) => {
    const id = `package-${p.id}`;
    return `<li class="card"><h3 id="${a(id)}">${a(p.displayName)}</h3>
${p.description ? `<p>${textToHtml(p.description)}</p>` : ''}
<div class="row-actions"><a class="button" href="${a(ctx.base)}/access-packages/${a(encodeURIComponent(p.id))}" aria-describedby="${a(id)}">${a(h.request)}</a></div></li>`;
  });
  return `<ul class="plain">${items.join('\n')}</ul>`;
}

function accessList(ctx: PortalContext, h: PortalHomeStrings, rows: AccessRow[], tab: 'active' | 'expired'): string {
  if (!rows.length) return `<p>${a(tab === 'active' ? h.noneActive : h.noneExpired)}</p>`;
  const date = (iso: string) => formatDateTime(iso, ctx.locale, 'UTC');
  const items = rows.map(({ assignment, accessPackage, extendable }) => {
    const id = `assignment-${assignment.id}`;
    const name = accessPackage?.displayName ?? assignment.accessPackageId;
    let when: string;
    if (tab === 'expired') when = h.accessEnded(date(assignment.expiredDateTime ?? assignment.endDateTime ?? assignment.modifiedDateTime));
    else when = assignment.endDateTime ? h.accessUntil(date(assignment.endDateTime)) : h.accessNoEnd;
    const details = accessPackage ? `<a class="button" href="${a(ctx.base)}/access-packages/${a(encodeURIComponent(accessPackage.id))}" aria-describedby="${a(id)}">${a(h.openPackage)}</a>` : '';
    const extend = tab === 'active' && extendable ? `<a class="button" href="${a(ctx.base)}/assignments/${a(encodeURIComponent(assignment.id))}/extend" aria-describedby="${a(id)}">${a(h.extend)}</a>` : '';
    return `<li class="card"><h3 id="${a(id)}">${a(name)}</h3>
<p>${a(when)}</p>${details || extend ? `<div class="row-actions">${details}${extend}</div>` : ''}</li>`;
  });
  return `<ul class="plain">${items.join('\n')}</ul>`;
}
