import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACCESS_TABLE, PUBLIC, type AccessRule } from '../src/domain/access';
import { registeredOperations, type OperationDoc } from '../src/http/openapi';
import { loadEntryPoints, resolveEntryPoints } from './local-host/app-loader';
import { installCoreShim } from './local-host/core-shim';
import { readLocalSettings } from './local-settings';

/**
 * Prints the README's "Who may call what" table from the access table (`src/domain/access.ts`)
 * joined with the routes the built function files register, so the two cannot drift:
 *
 *   node dist/dev/access-table.js           # print the table
 *   node dist/dev/access-table.js --write   # rewrite the README between the markers
 *
 * `test/access-table.test.ts` fails when the README differs from what this prints.
 */
export const START_MARKER = '<!-- access-table:start -->';
export const END_MARKER = '<!-- access-table:end -->';

const cell = (items: readonly string[] | undefined, none: string): string =>
  items && items.length > 0 ? items.map((item) => `\`${item}\``).join(', ') : none;

const SIGNED_IN: Record<string, string> = {
  members: 'any member',
  membersAndGuests: 'any member; guests as `guestUserRoleId` allows',
};

/** One Markdown row per operation, in the access table's order. */
export function renderAccessTable(table: Readonly<Record<string, AccessRule>>, operations: readonly Pick<OperationDoc, 'operationId' | 'method' | 'route'>[]): string {
  const routes = new Map(operations.map((op) => [op.operationId, `${op.method} /api/${op.route}`]));
  const lines = [
    '| Operation | Route | App-only callers (any of) | Users (any role of; Global Administrator always) |',
    '|---|---|---|---|',
  ];
  for (const [operationId, rule] of Object.entries(table)) {
    const route = routes.has(operationId) ? `\`${routes.get(operationId)}\`` : '(not registered)';
    if (rule === PUBLIC) {
      lines.push(`| \`${operationId}\` | ${route} | anyone, no token | anyone, no token |`);
      continue;
    }
    const roles = cell(rule.roles, 'Global Administrator only');
    const users = 'signedInUsers' in rule && rule.signedInUsers ? `${roles}; ${SIGNED_IN[rule.signedInUsers] ?? rule.signedInUsers}` : roles;
    lines.push(`| \`${operationId}\` | ${route} | ${cell(rule.permissions, 'none')} | ${users} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The README with the text between the markers replaced by `table`. */
export function replaceSection(readme: string, table: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START_MARKER} … ${END_MARKER} markers`);
  return `${readme.slice(0, start + START_MARKER.length)}\n${table}${readme.slice(end)}`;
}

/** The text currently between the markers (without the newline after the start marker). */
export function currentSection(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START_MARKER} … ${END_MARKER} markers`);
  return readme.slice(start + START_MARKER.length + 1, end);
}

/** Loads the built function files as the host does, so every endpoint registers its route. */
async function registeredRoutes(root: string): Promise<readonly OperationDoc[]> {
  // The function files read settings when they load; the local sample is enough to register routes.
  for (const [key, value] of Object.entries(readLocalSettings(root))) process.env[key] ??= value;
  const registry = installCoreShim();
  registry.sink = () => undefined;
  await loadEntryPoints(root, resolveEntryPoints(root));
  return registeredOperations();
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const table = renderAccessTable(ACCESS_TABLE, await registeredRoutes(root));
  if (!process.argv.includes('--write')) {
    process.stdout.write(table);
    return;
  }
  const file = path.join(root, 'README.md');
  const before = readFileSync(file, 'utf8');
  const after = replaceSection(before, table);
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(after === before ? 'README.md is up to date\n' : 'README.md updated\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
