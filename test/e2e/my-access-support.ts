import { expect } from 'vitest';
import type { TestRuntime } from '../support/runtime';
import { invitationApi } from './invitations-support';

/**
 * A minimal browser for the My Access pages: a cookie jar, no redirects followed, form posts with
 * the page's CSRF token. Each visitor has its own client address (`x-forwarded-for`), as behind
 * Azure's front end, so per-client limits of one test do not leak into another.
 */
export function portalVisitor(rt: TestRuntime, clientAddress: string) {
  const jar = new Map<string, string>();
  let lastSetCookie: string[] = [];
  let html = '';

  async function go(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const url = path.startsWith('http') ? path : `${rt.url}${path}`;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        'x-forwarded-for': clientAddress,
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    lastSetCookie = res.headers.getSetCookie();
    for (const c of lastSetCookie) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    html = await res.text();
    return { status: res.status, location: res.headers.get('location'), html, headers: res.headers, setCookie: lastSetCookie };
  }

  const csrf = () => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  /** Posts a form of the last page with its CSRF token. */
  const post = (path: string, fields: Record<string, string>) => go('POST', path, { csrf: csrf(), ...fields });
  return { get: (path: string) => go('GET', path), post, jar, csrf, html: () => html };
}

/** The newest one-time passcode mailed to `address`, once at least `count` code mails arrived (other mails are skipped). */
export async function passcodeFor(rt: TestRuntime, address: string, count = 1): Promise<string> {
  const codesIn = (mails: Array<Record<string, any>>) =>
    mails.map((m) => /(?:Verification code|Verificatiecode): (\d{8})\b/.exec(String(m['plainText'] ?? ''))?.[1]).filter((c): c is string => !!c);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const codes = codesIn(await invitationApi(rt).mailsTo(address, 1, 0));
    if (codes.length >= count) return codes[codes.length - 1]!;
    if (Date.now() > deadline) throw new Error(`no code mail #${count} to ${address}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs a visitor in: Email → Send code → the code from the mailbox → Verify. */
export async function signIn(rt: TestRuntime, visitor: ReturnType<typeof portalVisitor>, address: string, returnTo: string, codesBefore = 0) {
  await visitor.get(returnTo);
  const sent = await visitor.post('/api/myaccess/sign-in', { email: address, returnTo });
  expect(sent.status, sent.html).toBe(200);
  const verified = await visitor.post('/api/myaccess/verify', { email: address, returnTo, code: await passcodeFor(rt, address, codesBefore + 1) });
  expect(verified.status, verified.html).toBe(303);
  return verified;
}
