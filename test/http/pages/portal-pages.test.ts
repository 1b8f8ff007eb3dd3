import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { AssignmentPolicy } from '../../../src/domain/entitlement/policy';
import { portalContext, respond, safeReturnTo, type PortalContext } from '../../../src/http/pages/portal-http';
import { packagePage } from '../../../src/http/pages/portal-package-page';

async function context(acceptLanguage: string, email?: string): Promise<PortalContext> {
  const request = new HttpRequest({ url: 'http://localhost:7071/api/myaccess/access-packages/p1', method: 'GET', headers: { 'accept-language': acceptLanguage } });
  return portalContext(request, { basePath: '/api/myaccess', secureCookies: true, organizationLanguage: async () => 'en-US', sessionEmail: async () => email });
}

const view = (policies: AssignmentPolicy[] | null) => ({
  accessPackage: { id: 'p1', catalogId: 'c1', displayName: '<b>Falcon</b>', description: 'Line one\nline two', isHidden: true, createdAt: '', modifiedAt: '' },
  grants: [{ resource: 'Partners', role: 'Member' }],
  policies,
});

const policy = (overrides: Partial<AssignmentPolicy> = {}) =>
  ({
    id: 'pol1',
    displayName: 'Partners',
    requestorSettings: { allowCustomAssignmentSchedule: true },
    requestApprovalSettings: { isApprovalRequiredForAdd: true },
    questions: [{ type: 'text', id: 'q1', text: 'Company?', isRequired: true, sequence: 1, isAnswerEditable: true, isSingleLineQuestion: true, regexPattern: null }],
    ...overrides,
  }) as unknown as AssignmentPolicy;

describe('My Access pages', () => {
  it('when a visitor opens a package, then the name is escaped, the grants are listed and the form asks for "Email" with "Send code"', async () => {
    const ctx = await context('en-US');
    const body = String(respond(ctx, packagePage(ctx, view(null), '/api/myaccess/access-packages/p1')).body);
    expect(body).toContain('<h1>&lt;b&gt;Falcon&lt;/b&gt;</h1>');
    expect(body).toContain('<li>Member of Partners</li>');
    expect(body).toContain('<label for="email">Email</label>');
    expect(body).toContain('>Send code</button>');
    expect(body).not.toContain('<b>Falcon');
  });

  it('when a signed-in visitor may request, then questions, "Justification", dates and "Request access" are shown; in Dutch the labels are Dutch', async () => {
    const en = await context('en-US', 'lena@fabrikam.example');
    const body = String(respond(en, packagePage(en, view([policy()]), '/x')).body);
    expect(body).toMatch(/<label for="q1-pol1">Company\? \(required\)<\/label>\s*<input type="text" id="q1-pol1" name="answer.q1"[^>]* required>/);
    expect(body).toContain('>Justification</label>');
    expect(body).toContain('type="date"');
    expect(body).toContain('>Request access</button>');
    expect(body).toContain('Signed in as lena@fabrikam.example');
    const nl = await context('nl-NL,nl;q=0.9', 'lena@fabrikam.example');
    const dutch = String(respond(nl, packagePage(nl, view([policy()]), '/x')).body);
    expect(dutch).toContain('<html lang="nl-NL">');
    expect(dutch).toContain('>Motivering</label>');
    expect(dutch).toContain('>Toegang aanvragen</button>');
  });

  it('when a return address leaves the portal, then the status view is used instead', async () => {
    const ctx = await context('en-US');
    expect(safeReturnTo(ctx, '/api/myaccess/approvals/r1?decision=Approve')).toBe('/api/myaccess/approvals/r1?decision=Approve');
    for (const bad of ['https://evil.example/api/myaccess/x', '//evil.example', '/api/myaccess//evil.example', '/api/other', '/api/myaccess/%2F%2Fevil', '/api/myaccess/\\evil']) {
      expect(safeReturnTo(ctx, bad)).toBe('/api/myaccess/requests');
    }
  });

  it('when a visitor without a CSRF cookie opens a page, then an HttpOnly, SameSite=Strict, Secure cookie scoped to the portal carries the token of its forms', async () => {
    const ctx = await context('en-US');
    const res = respond(ctx, packagePage(ctx, view(null), '/x'));
    const cookie = res.cookies?.[0];
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/api/myaccess', value: ctx.csrfToken });
    expect(String(res.body)).toContain(`name="csrf" value="${ctx.csrfToken}"`);
  });
});
