import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(__dirname, '../..');
const cli = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(repo, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs dependency-cruiser with the project's rules over `src` of `cwd`; returns the violations. */
async function cruise(cwd: string): Promise<Violation[]> {
  const { stdout } = await run(process.execPath, [cli, 'src', '--config', config, '--output-type', 'json'], { cwd, maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

const describeViolations = (violations: Violation[]) => violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);

describe('the import rules of the code layout', () => {
  it('when the project is cruised, then no rule is broken (core imports no adapter, functions reach storage through deps, no cycles)', async () => {
    expect(describeViolations(await cruise(repo))).toEqual([]);
  }, 120_000);

  describe('on a tree with deliberately bad imports', () => {
    let tree: string | undefined;
    afterAll(async () => {
      if (tree) await rm(tree, { recursive: true, force: true });
    });

    async function write(root: string, path: string, text: string): Promise<void> {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }

    it('when the core imports an adapter or the Azure SDK, a function file imports storage, and two files import each other, then each is reported', async () => {
      tree = await mkdtemp(join(tmpdir(), 'gatehouse-import-rules-'));
      await symlink(join(repo, 'node_modules'), join(tree, 'node_modules'), 'dir');
      await write(tree, 'tsconfig.json', JSON.stringify({ compilerOptions: { module: 'Node16', moduleResolution: 'Node16', strict: true }, include: ['src/**/*.ts'] }));
      await write(tree, 'src/storage/user-rows.ts', 'export const USER_ROWS = 1;\n');
      await write(tree, 'src/email/message.ts', 'export const LIMIT = 1;\n');
      await write(tree, 'src/domain/users/user.ts', "import { USER_ROWS } from '../../storage/user-rows';\nimport { LIMIT } from '../../email/message';\nimport { TableClient } from '@azure/data-tables';\nexport const x = [USER_ROWS, LIMIT, TableClient];\n");
      await write(tree, 'src/functions/users.ts', "import { USER_ROWS } from '../storage/user-rows';\nexport const y = USER_ROWS;\n");
      await write(tree, 'src/domain/requests/a.ts', "import { b } from './b';\nexport const a = () => b();\n");
      await write(tree, 'src/domain/requests/b.ts', "import { a } from './a';\nexport const b = (): unknown => a;\n");
      await write(tree, 'src/text/format.ts', "import { LIMIT } from '../email/message';\nexport const z = LIMIT;\n");

      const found = describeViolations(await cruise(tree));

      expect(found).toEqual(expect.arrayContaining([
        'domain-is-pure: src/domain/users/user.ts -> src/storage/user-rows.ts',
        'domain-is-pure: src/domain/users/user.ts -> src/email/message.ts',
        expect.stringMatching(/^domain-is-pure: src\/domain\/users\/user\.ts -> .*node_modules\/@azure\/data-tables\//),
        'functions-use-deps-not-storage: src/functions/users.ts -> src/storage/user-rows.ts',
        'text-is-shared-and-pure: src/text/format.ts -> src/email/message.ts',
      ]));
      expect(found.filter((v) => v.startsWith('no-cycles:')).length).toBeGreaterThanOrEqual(1);
      expect(found).toHaveLength(6);
    }, 120_000);
  });
});
