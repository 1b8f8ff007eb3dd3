import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentSection, renderAccessTable, replaceSection } from '../dev/access-table';
import { ACCESS_TABLE } from '../src/domain/access';

const root = path.resolve(__dirname, '..');

describe('the README "Who may call what" table', () => {
  it('when the README is compared with the table the built app generates, then they are identical (regenerate: node dist/dev/access-table.js --write)', () => {
    const generated = execFileSync(process.execPath, ['dist/dev/access-table.js'], { cwd: root, encoding: 'utf8' });
    expect(currentSection(readFileSync(path.join(root, 'README.md'), 'utf8'))).toBe(generated);
  });

  it('when generated, then every operation of the access table has a row with its registered route', () => {
    const generated = execFileSync(process.execPath, ['dist/dev/access-table.js'], { cwd: root, encoding: 'utf8' });
    for (const operationId of Object.keys(ACCESS_TABLE)) expect(generated).toContain(`| \`${operationId}\` |`);
    expect(generated).toContain('| `createAppRoleAssignedTo` | `POST /api/v1.0/servicePrincipals/{id}/appRoleAssignedTo` |');
    expect(generated).not.toContain('(not registered)');
  });

  it('when rendered, then public, role-less and signed-in-user rules read as such, and a missing route shows', () => {
    const table = renderAccessTable(
      {
        health: 'public',
        onlyApps: { permissions: ['Directory.Read.All'] },
        readers: { permissions: ['Directory.Read.All'], roles: ['Guest Inviter'], signedInUsers: 'members' },
      } as never,
      [{ operationId: 'health', method: 'GET', route: 'health' }],
    );
    expect(table.split('\n').slice(2, 5)).toEqual([
      '| `health` | `GET /api/health` | anyone, no token | anyone, no token |',
      '| `onlyApps` | (not registered) | `Directory.Read.All` | Global Administrator only |',
      '| `readers` | (not registered) | `Directory.Read.All` | `Guest Inviter`; any member |',
    ]);
  });

  it('when the section is replaced, then only the text between the markers changes, and a README without markers is refused', () => {
    const readme = 'intro\n<!-- access-table:start -->\nold\n<!-- access-table:end -->\noutro\n';
    const updated = replaceSection(readme, 'new\n');
    expect(updated).toBe('intro\n<!-- access-table:start -->\nnew\n<!-- access-table:end -->\noutro\n');
    expect(currentSection(updated)).toBe('new\n');
    expect(() => replaceSection('no markers', 'x')).toThrow(/markers/);
  });
});
