import { createHash } from 'node:crypto';
import { escapeHtml } from '../../text/format';
import { PAGE_HEADERS } from './layout';
import { signInTextHtml } from './page-brand';
import { csrfField, type PortalContext, type PortalPage } from './portal-http';

/**
 * The My Access sign-in (email → one-time code → session) and the `/@<hint>` page that turns the
 * share link's fragment into a server-rendered address.
 */

const a = (text: string) => escapeHtml(text);

/** The "Email" + "Send code" form, placed on any page that needs a signed-in visitor. */
export function signInForm(ctx: PortalContext, returnTo: string, options: { email?: string; error?: string } = {}): string {
  const t = ctx.t;
  const error = options.error ? `<p role="alert" id="email-error">${a(options.error)}</p>` : '';
  // Not a labelled region: its name would contain "email" and blur the one field labelled "Email".
  return `<section class="card">
<h2>${a(t.signInHeading)}</h2>
<p>${a(t.signInIntro)}</p>
<form method="post" action="${a(ctx.base)}/sign-in">
${csrfField(ctx)}
<input type="hidden" name="returnTo" value="${a(returnTo)}">
<label for="email">${a(t.emailLabel)}</label>
${error}<input type="email" id="email" name="email" autocomplete="email" required maxlength="320" value="${a(options.email ?? '')}"${options.error ? ' aria-invalid="true" aria-describedby="email-error"' : ''}>
<div class="actions"><button type="submit" class="primary">${a(t.sendCode)}</button></div>
</form>
${signInTextHtml(ctx.brand)}
</section>`;
}

/** A page that is only the sign-in form (status views, approval pages before signing in). */
export function signInPage(ctx: PortalContext, returnTo: string, status = 200, options: { email?: string; error?: string } = {}): PortalPage {
  return { status, title: ctx.t.portalName, body: signInForm(ctx, returnTo, options) };
}

/** After "Send code": the same words for every address, the "Code" + "Verify" form and a resend button. */
export function codePage(ctx: PortalContext, input: { email: string; returnTo: string; minutes: number; error?: string; status?: number; delayMinutes?: number | null }): PortalPage {
  const t = ctx.t;
  const hidden = `${csrfField(ctx)}
<input type="hidden" name="email" value="${a(input.email)}">
<input type="hidden" name="returnTo" value="${a(input.returnTo)}">`;
  const message = input.error
    ? `<p role="alert" id="code-error">${a(input.error)}</p>`
    : `<p role="status">${a(t.codeSent({ email: input.email, minutes: input.minutes }))}</p>${input.delayMinutes ? `\n<p>${a(t.codeDelayed({ minutes: input.delayMinutes }))}</p>` : ''}`;
  const body = `${message}
<form method="post" action="${a(ctx.base)}/verify">
${hidden}
<label for="code">${a(t.codeLabel)}</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="16" autofocus${input.error ? ' aria-invalid="true" aria-describedby="code-error"' : ''}>
<div class="actions"><button type="submit" class="primary">${a(t.verify)}</button></div>
</form>
<form method="post" action="${a(ctx.base)}/sign-in">
${hidden}
<div class="actions"><button type="submit">${a(t.newCode)}</button></div>
</form>`;
  return { status: input.status ?? 200, title: t.codeHeading, body };
}

/**
 * The share link's landing page. The fragment (`#/access-packages/<id>`) never reaches the
 * server, so a small inline script, allowed by its hash in the page's CSP and nothing else, moves
 * to the package page; without script the page says what to do.
 */
export function forwardPage(ctx: PortalContext): PortalPage {
  const t = ctx.t;
  const base = JSON.stringify(ctx.base).replace(/</g, '\\u003c');
  const script = `(function(){var m=/^#\\/access-packages\\/([0-9A-Za-z-]{1,64})$/.exec(location.hash);if(m){location.replace(${base}+'/access-packages/'+m[1]);}else{document.getElementById('no-package').hidden=false;}})();`;
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = PAGE_HEADERS['content-security-policy']!.replace("default-src 'none';", `default-src 'none'; script-src 'sha256-${hash}';`);
  const body = `<p role="status">${a(t.forwardBody)}</p>
<noscript><p>${a(t.forwardNoScript)}</p></noscript>
<p id="no-package" hidden>${a(t.notAvailableBody)}</p>
<script>${script}</script>`;
  return { status: 200, title: t.forwardTitle, body, headers: { 'content-security-policy': csp } };
}
