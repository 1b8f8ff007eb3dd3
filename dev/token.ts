import { parseArgs } from 'node:util';
import { GRAPH_PERMISSIONS, isGraphPermission } from '../src/domain/principal';
import { existsSync, readFileSync } from 'node:fs';
import { runtimeFile } from './first-admin';
import path from 'node:path';
import { devIssuerDir, LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateDevIssuer, type DevTokenOptions } from './dev-issuer';
import { readLocalSettings } from './local-settings';

/**
 * Prints an access token from the local dev issuer, for curl and scripts:
 *
 *   npm run --silent token -- --roles User.Invite.All,Directory.Read.All   (app-only)
 *   npm run --silent token -- --user <objectId> [--scopes a,b]             (delegated)
 *
 * Only the token goes to stdout; errors go to stderr with exit code 2. The key folder is
 * `$GATEHOUSE_DEV_DIR/issuer` (default `.dev/issuer`), shared with the local host; issuer and
 * audience come from AUTH_ISSUER / AUTH_AUDIENCE when set, else the local defaults.
 */

const USAGE = `usage: npm run --silent token -- (--roles <Permission,...> | --user <objectId> [--scopes <scope,...>]) [--expires <seconds>]`;

/** A command-line mistake: reported with the usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Turns the command line into dev-token options; throws {@link UsageError} on any mistake. */
export function parseTokenArgs(argv: string[]): DevTokenOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        roles: { type: 'string' },
        user: { type: 'string' },
        scopes: { type: 'string' },
        expires: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if ((values.roles === undefined) === (values.user === undefined)) {
    throw new UsageError('give either --roles (an app-only token) or --user (a delegated token)');
  }
  if (values.scopes !== undefined && values.user === undefined) throw new UsageError('--scopes needs --user');
  const options: DevTokenOptions = {};
  if (values.roles !== undefined) {
    const roles = list(values.roles);
    const unknown = roles.filter((r) => !isGraphPermission(r));
    if (unknown.length > 0) {
      throw new UsageError(`unknown permission ${unknown.join(', ')}; known: ${GRAPH_PERMISSIONS.join(', ')}`);
    }
    options.roles = roles;
  }
  if (values.user !== undefined) {
    if (values.user.trim() === '') throw new UsageError('--user needs the user object id');
    options.userId = values.user.trim();
    if (values.scopes !== undefined) options.scopes = list(values.scopes);
  }
  if (values.expires !== undefined) {
    if (!/^[1-9]\d{0,8}$/.test(values.expires)) throw new UsageError('--expires must be a whole number of seconds');
    options.expiresInSeconds = Number(values.expires);
  }
  return options;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  try {
    const options = parseTokenArgs(argv);
    // The same settings `npm start` gives the app: the environment, then local.settings(.sample).json.
    // What `npm start` recorded for the instance actually running (its issuer carries the port it got) wins.
    const running = readRunning(env);
    const file = settingsNear(__dirname);
    const issuer = await loadOrCreateDevIssuer({
      dir: devIssuerDir(env),
      issuer: env['AUTH_ISSUER'] || running['issuer'] || file['AUTH_ISSUER'] || LOCAL_ISSUER,
      audience: env['AUTH_AUDIENCE'] || running['audience'] || file['AUTH_AUDIENCE'] || LOCAL_AUDIENCE,
    });
    process.stdout.write(`${await issuer.signToken(options)}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(err instanceof UsageError ? `token: ${message}\n${USAGE}\n` : `token: ${message}\n`);
    return 2;
  }
}

/** `.dev/runtime.json` as the running `npm start` wrote it, or nothing when none runs. */
function readRunning(env: Record<string, string | undefined>): Record<string, string> {
  try {
    const info = JSON.parse(readFileSync(runtimeFile(env), 'utf8')) as Record<string, string | number>;
    const pid = Number(info['pid']);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 0);
    return Object.fromEntries(Object.entries(info).map(([k, v]) => [k, String(v)]));
  } catch {
    return {};
  }
}

/** The local settings of the checkout this script lives in (found upwards), or none. */
function settingsNear(dir: string): Record<string, string> {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'local.settings.sample.json'))) return readLocalSettings(at);
    if (path.dirname(at) === at) return {};
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
