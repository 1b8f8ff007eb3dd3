import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { portalContext, respond } from '../../../src/http/pages/portal-http';
import { codePage } from '../../../src/http/pages/portal-sign-in-pages';
import { redeemCodePage } from '../../../src/http/pages/redeem-pages';

async function context(acceptLanguage: string) {
  const request = new HttpRequest({ url: 'http://localhost:7071/api/myaccess/sign-in', method: 'POST', headers: { 'accept-language': acceptLanguage } });
  return portalContext(request, { basePath: '/api/myaccess', secureCookies: true, organizationLanguage: async () => 'en-US', sessionEmail: async () => undefined });
}

const proof = { organization: 'Fabrikam', email: 'lena@northwind.example', formAction: '/api/redeem', ticket: 't'.repeat(43), csrfToken: 'c' };

describe('the code pages when the mail quota will hold the code back', () => {
  it('when the quota delays the code, then the My Access code page says how long, in English and in Dutch', async () => {
    const en = await context('en-US');
    expect(String(respond(en, codePage(en, { email: 'lena@northwind.example', returnTo: '/api/myaccess', minutes: 30, delayMinutes: 12 })).body)).toContain(
      'the code may take up to 12 minutes to arrive.',
    );
    const nl = await context('nl-NL');
    expect(String(respond(nl, codePage(nl, { email: 'lena@northwind.example', returnTo: '/api/myaccess', minutes: 30, delayMinutes: 1 })).body)).toContain(
      'het kan tot 1 minuut duren voordat de code aankomt.',
    );
  });

  it('when there is no delay worth telling, then the page says nothing about it', async () => {
    const en = await context('en-US');
    expect(String(respond(en, codePage(en, { email: 'lena@northwind.example', returnTo: '/api/myaccess', minutes: 30, delayMinutes: null })).body)).not.toContain('may take up to');
  });

  it('when the redeem page mailed a code that the quota delays, then it says so too', () => {
    const body = String(redeemCodePage({ ...proof, locale: 'en-US', minutes: 30, error: false, delayMinutes: 3 }, []).body);
    expect(body).toContain('the code may take up to 3 minutes to arrive.');
    expect(String(redeemCodePage({ ...proof, locale: 'nl-NL', minutes: 30, error: false, delayMinutes: 3 }, []).body)).toContain('het kan tot 3 minuten duren');
  });
});
