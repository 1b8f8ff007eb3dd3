import { execFile } from 'node:child_process';
import { parseArgs } from 'node:util';

/**
 * The post-deployment smoke test: is a freshly deployed Gatehouse answering, and does it accept the
 * tenant's tokens?
 *
 *   npm run smoke -- --url https://<app>.azurewebsites.net --resource api://<API app id>
 *                    [--invite someone@example.com [--redirect https://myapps.microsoft.com]]
 *                    [--token <access token>]
 *
 * 1. GET /api/health answers 200 {"status":"ok"} (storage reachable with the app's roles).
 * 2. A token: `--token`, else `az account get-access-token --resource <resource>` (sign in with
 *    `az login` first; for an app-only token, `az login --service-principal` as a client that holds
 *    the API's Directory.Read.All app role).
 * 3. GET /api/v1.0/organization with it answers 200 with the organization.
 * 4. With `--invite`: POST /api/v1.0/invitations to that (test) address answers 201 and the mail is queued.
 * Prints one line per step; exit code 0 when every step passed, 1 when one failed, 2 on bad usage.
 */

export interface SmokeOptions {
  url: string;
  resource?: string | undefined;
  token?: string | undefined;
  invite?: string | undefined;
  redirect: string;
}

export interface SmokeStep {
  step: string;
  ok: boolean;
  detail: string;
}

const USAGE = 'usage: npm run smoke -- --url <https://app host> (--resource <api://app id> | --token <access token>) [--invite <test address> [--redirect <url>]]';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseSmokeArgs(argv: string[]): SmokeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { url: { type: 'string' }, resource: { type: 'string' }, token: { type: 'string' }, invite: { type: 'string' }, redirect: { type: 'string' } },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values.url) throw new UsageError('--url is required');
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new UsageError(`--url ${values.url} is not a URL`);
  }
  if (!values.resource && !values.token) throw new UsageError('--resource (to ask az for a token) or --token is required');
  return { url: url.origin, resource: values.resource, token: values.token, invite: values.invite, redirect: values.redirect ?? 'https://myapps.microsoft.com' };
}

/** Asks the Azure CLI for an access token to `resource` as the signed-in user or service principal. */
export function azToken(resource: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('az', ['account', 'get-access-token', '--resource', resource, '--query', 'accessToken', '-o', 'tsv'], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`az account get-access-token failed: ${(stderr || error.message).trim()}`));
      else resolve(stdout.trim());
    });
  });
}

async function call(url: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

const errorOf = (body: Record<string, unknown> | undefined): string => {
  const error = body?.['error'] as { code?: string; message?: string } | undefined;
  return error ? `${error.code ?? ''}: ${error.message ?? ''}` : JSON.stringify(body ?? null);
};

/** Runs the steps in order and stops at the first failure (later steps depend on it). */
export async function runSmoke(options: SmokeOptions, getToken: (resource: string) => Promise<string> = azToken): Promise<SmokeStep[]> {
  const steps: SmokeStep[] = [];
  const record = (step: string, ok: boolean, detail: string) => (steps.push({ step, ok, detail }), ok);
  const attempt = async (step: string, run: () => Promise<[boolean, string]>): Promise<boolean> => {
    try {
      const [ok, detail] = await run();
      return record(step, ok, detail);
    } catch (error) {
      return record(step, false, error instanceof Error ? error.message : String(error));
    }
  };

  const healthy = await attempt('health', async () => {
    const res = await call(`${options.url}/api/health`, {});
    return [res.status === 200 && res.body?.['status'] === 'ok', `GET /api/health: ${res.status} ${JSON.stringify(res.body ?? null)}`];
  });
  if (!healthy) return steps;

  let token = options.token ?? '';
  const gotToken = await attempt('token', async () => {
    if (!token) token = await getToken(options.resource!);
    return [token.split('.').length === 3, options.token ? 'from --token' : `from az account get-access-token --resource ${options.resource}`];
  });
  if (!gotToken) return steps;
  const auth = { authorization: `Bearer ${token}` };

  const read = await attempt('organization', async () => {
    const res = await call(`${options.url}/api/v1.0/organization`, { headers: auth });
    const org = (res.body?.['value'] as Record<string, unknown>[] | undefined)?.[0];
    return res.status === 200 && org ? [true, `GET /api/v1.0/organization: ${String(org['displayName'])} (${String(org['id'])})`] : [false, `GET /api/v1.0/organization: ${res.status} ${errorOf(res.body)}`];
  });
  if (!read || !options.invite) return steps;

  await attempt('invitation', async () => {
    const res = await call(`${options.url}/api/v1.0/invitations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ invitedUserEmailAddress: options.invite, inviteRedirectUrl: options.redirect, sendInvitationMessage: true }),
    });
    return res.status === 201 ? [true, `POST /api/v1.0/invitations: 201, invited user ${String((res.body?.['invitedUser'] as { id?: string } | undefined)?.id)}`] : [false, `POST /api/v1.0/invitations: ${res.status} ${errorOf(res.body)}`];
  });
  return steps;
}

/** The command line: prints the steps, returns the exit code. */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let options: SmokeOptions;
  try {
    options = parseSmokeArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out(`${error.message}\n${USAGE}`);
    return 2;
  }
  const steps = await runSmoke(options);
  for (const s of steps) out(`${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}`);
  return steps.every((s) => s.ok) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
