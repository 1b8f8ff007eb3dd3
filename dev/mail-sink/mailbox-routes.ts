import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultSettingsSchema } from './faults';
import { readBody, sendHtml, sendJson } from './http-util';
import { renderMailPage } from './mail-page';
import type { MailStore } from './store';
import type { FaultSettings, MailSinkStats, StoredMessage } from './types';

/** What the mailbox and control routes need from the sink. */
export interface MailboxContext {
  store: MailStore;
  stats: MailSinkStats;
  faults(): FaultSettings;
  setFaults(settings: FaultSettings): void;
}

const FAULTS_BODY_LIMIT = 64 * 1024;

/** Handles `/dev/mailbox[/<id>]`, `/dev/mail`, `/dev/mail-sink/faults`, `/dev/mail-sink/stats`; false for other paths. */
export async function handleMailbox(ctx: MailboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';

  if (path === '/dev/mailbox') {
    if (method === 'GET') sendJson(res, 200, filterByRecipient(ctx.store.messages(), url.searchParams.get('to')));
    else if (method === 'DELETE') {
      ctx.store.clearMessages();
      res.writeHead(204).end();
    } else methodNotAllowed(res, 'GET, DELETE');
    return true;
  }
  if (path.startsWith('/dev/mailbox/')) {
    const id = decodeURIComponent(path.slice('/dev/mailbox/'.length));
    const message = ctx.store.message(id);
    if (method !== 'GET') methodNotAllowed(res, 'GET');
    else if (message) sendJson(res, 200, message);
    else sendJson(res, 404, { error: { code: 'NotFound', message: `No message with id ${id}.` } });
    return true;
  }
  if (path === '/dev/mail') {
    if (method === 'GET') sendHtml(res, 200, renderMailPage(ctx.store.messages()));
    else methodNotAllowed(res, 'GET');
    return true;
  }
  if (path === '/dev/mail-sink/faults') {
    if (method === 'GET') sendJson(res, 200, ctx.faults());
    else if (method === 'POST' || method === 'PUT') await setFaults(ctx, req, res);
    else methodNotAllowed(res, 'GET, POST');
    return true;
  }
  if (path === '/dev/mail-sink/stats') {
    if (method === 'GET') sendJson(res, 200, { ...ctx.stats, stored: ctx.store.messages().length });
    else methodNotAllowed(res, 'GET');
    return true;
  }
  return false;
}

/** `?to=` matches any recipient (to, cc or bcc), ignoring case: everyone who would have received it. */
function filterByRecipient(messages: readonly StoredMessage[], to: string | null): readonly StoredMessage[] {
  if (!to) return messages;
  const wanted = to.trim().toLowerCase();
  return messages.filter((m) => [...m.to, ...m.cc, ...m.bcc].some((a) => a.toLowerCase() === wanted));
}

async function setFaults(ctx: MailboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req, FAULTS_BODY_LIMIT);
  let json: unknown;
  try {
    json = read.ok ? JSON.parse(read.body.toString('utf8')) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = faultSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const message = json === undefined ? 'The body must be a JSON object.' : z.prettifyError(parsed.error);
    sendJson(res, 400, { error: { code: 'BadRequest', message } });
    return;
  }
  ctx.setFaults(parsed.data);
  sendJson(res, 200, ctx.faults());
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.writeHead(405, { allow, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code: 'MethodNotAllowed', message: `Allowed: ${allow}.` } }));
}
