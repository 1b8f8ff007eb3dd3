import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { findProjectRoot } from './bundle';

/**
 * Builds the admin console (`web/admin`, Vite) into `dist-web/admin`, which `bundle.ts` copies into
 * the deployment package. The build records every file it read; when none of them (nor the lock
 * file or the config) changed, it is skipped, so `npm run build` stays fast. It prints the first
 * screen's JavaScript (the entry chunk and what it imports statically) gzipped, and fails above
 * the budget.
 */
export const CONSOLE_OUT = path.join('dist-web', 'admin');
/** The first screen's gzipped JavaScript may not exceed this (issue 17). */
export const FIRST_SCREEN_BUDGET_BYTES = 350 * 1024;
const STAMP = path.join('dist-web', 'build-inputs.json');

type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[]; css?: string[] }>;

/** The entry chunk's file and every chunk it imports statically, transitively. */
export function firstScreenFiles(manifest: Manifest): string[] {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the console build has no entry chunk');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  visit(entry);
  return [...seen].map((k) => manifest[k]!.file);
}

function digest(root: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort()) {
    const full = path.join(root, f);
    hash.update(f).update(existsSync(full) ? readFileSync(full) : 'missing');
  }
  return hash.digest('hex');
}

const ALWAYS = ['package-lock.json', 'web/admin/vite.config.ts', 'web/admin/index.html', 'web/admin/tsconfig.json'];

export async function buildConsole(root: string, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<{ skipped: boolean; firstScreenGzipBytes: number }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stampFile = path.join(root, STAMP);
  const outDir = path.join(root, CONSOLE_OUT);
  if (!options.force && existsSync(stampFile) && existsSync(path.join(outDir, 'index.html'))) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { inputs: string[]; digest: string; firstScreenGzipBytes: number };
    if (digest(root, stamp.inputs) === stamp.digest) {
      log(`admin console unchanged (first screen ${(stamp.firstScreenGzipBytes / 1024).toFixed(0)} KiB gzipped)`);
      return { skipped: true, firstScreenGzipBytes: stamp.firstScreenGzipBytes };
    }
  }
  // Vite does not type-check; the console's sources (and the server types they import) are checked here.
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'web', 'admin', 'tsconfig.json')], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`the admin console does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  const inputs = new Set<string>(ALWAYS);
  // Vite is an ES module; this file compiles to CommonJS.
  const vite = await import('vite');
  await vite.build({
    configFile: path.join(root, 'web', 'admin', 'vite.config.ts'),
    logLevel: 'warn',
    build: { manifest: true },
    plugins: [
      {
        name: 'record-inputs',
        load(id: string) {
          const file = id.split('?')[0]!;
          const rel = path.relative(root, file);
          if (!rel.startsWith('..') && !rel.startsWith('node_modules') && !rel.startsWith('\0') && existsSync(file)) inputs.add(rel.split(path.sep).join('/'));
          return null;
        },
      },
    ],
  });
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const files = firstScreenFiles(manifest);
  const firstScreenGzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(outDir, f)), { level: 9 }).length, 0);
  const lazy = Object.values(manifest).filter((m) => !files.includes(m.file) && m.file.endsWith('.js'));
  log(
    `admin console built: first screen ${(firstScreenGzipBytes / 1024).toFixed(0)} KiB gzipped JS (${files.length} file(s), budget ${FIRST_SCREEN_BUDGET_BYTES / 1024} KiB); ${lazy.length} lazy chunk(s)`,
  );
  if (firstScreenGzipBytes > FIRST_SCREEN_BUDGET_BYTES) throw new Error('the admin console first screen is over its size budget');
  const list = [...inputs];
  writeFileSync(stampFile, JSON.stringify({ inputs: list, digest: digest(root, list), firstScreenGzipBytes }, null, 1));
  return { skipped: false, firstScreenGzipBytes };
}

if (require.main === module) {
  buildConsole(findProjectRoot(__dirname), { force: process.argv.includes('--force') }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
