import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AZURE_LIKE_SETTINGS } from '../dev/azure-like-settings';
import { bundleApp, findProjectRoot } from '../dev/bundle';

/**
 * Module load time of the app as the Functions worker loads it: fresh process, the
 * `@azure/functions-core` stand-in installed on `require` first (as the worker does), then every
 * entry file required. Three variants, measured in one run, interleaved, median of several:
 *   tsc     dist/src/functions/*.js (what `package.json` main names today)
 *   bundle  the esbuild bundle from dev/bundle.ts (what infra/ deploys)
 *   empty   `@azure/functions` plus one app.http registration: the floor no app can go under
 *
 * Usage: `npm run build && node dist/bench/module-load.js [runs]`.
 */

export { AZURE_LIKE_SETTINGS } from '../dev/azure-like-settings';

/** One variant's measurements; `error` when its files are missing or failed to load. */
export interface LoadResult {
  variant: 'tsc' | 'bundle' | 'empty';
  files: string[];
  /** Median milliseconds spent requiring the entry files. */
  loadMs?: number;
  /** Median milliseconds from spawn to exit of the child (Node start-up included). */
  processMs?: number;
  /** Median milliseconds, after loading, until the lazily imported app is in (bundle only): what a first call adds. */
  appMs?: number;
  functions?: number;
  /** Bundle only: main.js bytes and all code bytes in the package. */
  mainBytes?: number;
  codeBytes?: number;
  /** Bundle only: the largest contributors to the code bytes (npm package or src folder). */
  packages?: [string, number][];
  error?: string;
}

interface ChildReport {
  loadMs: number;
  appMs?: number;
  functions: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Child side: install the stand-in, then time `require` of each file. */
async function runChild(files: string[]): Promise<void> {
  // Required here, not at the top: the parent must not pay for it, the child must have it first.
  const { installCoreShim } = require('../dev/local-host/core-shim') as typeof import('../dev/local-host/core-shim');
  const registry = installCoreShim();
  const started = process.hrtime.bigint();
  const loaded = files.map((file) => require(file) as { loadApp?: () => Promise<unknown> });
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const report: ChildReport = { loadMs, functions: registry.functions.size };
  // The lazy bundle's main.js exports loadApp: the import its first invocation waits for.
  const lazy = loaded.find((m) => typeof m.loadApp === 'function');
  if (lazy) {
    await lazy.loadApp!();
    report.appMs = Number(process.hrtime.bigint() - started) / 1e6 - loadMs;
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function spawnChild(files: string[]): ChildReport & { processMs: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [__filename, '--child', ...files], {
    env: { PATH: process.env.PATH ?? '', ...AZURE_LIKE_SETTINGS },
    encoding: 'utf8',
  });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    const reason = (child.stderr || child.stdout).split('\n').find((l) => /error/i.test(l)) ?? child.stderr.split('\n')[0];
    throw new Error(reason?.trim() || `child exited with ${child.status}`);
  }
  return { ...(JSON.parse(line) as ChildReport), processMs };
}

function writeEmptyApp(dir: string, root: string): string {
  const library = require.resolve('@azure/functions', { paths: [root] });
  const file = path.join(dir, 'empty-app.js');
  writeFileSync(
    file,
    `const { app } = require(${JSON.stringify(library)});\n` +
      `app.http('ping', { methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: 'pong' }) });\n`,
  );
  return file;
}

/** Measures the three variants `runs` times each (interleaved, so drift hits all alike). */
export async function measureModuleLoad(root: string, runs = 7): Promise<LoadResult[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  try {
    const tscDir = path.join(root, 'dist', 'src', 'functions');
    const tscFiles = existsSync(tscDir)
      ? readdirSync(tscDir).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(tscDir, f))
      : [];
    const results: LoadResult[] = [
      tscFiles.length ? { variant: 'tsc', files: tscFiles } : { variant: 'tsc', files: [], error: 'no dist/src/functions/*.js (run tsc first)' },
      { variant: 'bundle', files: [] },
      { variant: 'empty', files: [writeEmptyApp(scratch, root)] },
    ];
    try {
      const bundle = await bundleApp(root, path.join(scratch, 'bundle'));
      Object.assign(results[1]!, { files: [bundle.mainFile], mainBytes: bundle.bytes, codeBytes: bundle.codeBytes, packages: bundle.packages });
    } catch (error) {
      results[1]!.error = `bundle failed: ${(error as Error).message}`;
    }

    const samples = new Map<LoadResult, { load: number[]; process: number[]; app: number[]; functions: number }>();
    for (let i = 0; i < runs; i++) {
      for (const r of results) {
        if (r.error) continue;
        try {
          const s = spawnChild(r.files);
          const acc = samples.get(r) ?? { load: [], process: [], app: [], functions: s.functions };
          acc.load.push(s.loadMs);
          acc.process.push(s.processMs);
          if (s.appMs !== undefined) acc.app.push(s.appMs);
          samples.set(r, acc);
        } catch (error) {
          r.error = (error as Error).message;
        }
      }
    }
    for (const [r, s] of samples) {
      if (r.error) continue;
      Object.assign(r, { loadMs: median(s.load), processMs: median(s.process), functions: s.functions, ...(s.app.length > 0 && { appMs: median(s.app) }) });
    }
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A small table plus the ratios that matter: each app variant against the empty app, tsc against bundle. */
export function formatModuleLoad(results: LoadResult[], runs: number): string {
  const lines = [`module load, median of ${runs} fresh processes (@azure/functions-core stand-in installed)`];
  for (const r of results) {
    lines.push(
      r.error
        ? `  ${r.variant.padEnd(7)} skipped: ${r.error}`
        : `  ${r.variant.padEnd(7)} load ${r.loadMs!.toFixed(1).padStart(7)} ms   process ${r.processMs!.toFixed(1).padStart(7)} ms   ${r.functions} function(s)   ${r.files.length} file(s)` +
            (r.appMs === undefined ? '' : `   first call adds ${r.appMs.toFixed(1)} ms (lazy app import)`),
    );
  }
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  const sized = results.find((r) => r.codeBytes !== undefined);
  if (sized) {
    lines.push(`  bundle size  main.js ${mb(sized.mainBytes!)}   all code in the package ${mb(sized.codeBytes!)} (target < 1.5 MB; the admin console's static files are apart)`);
    if (sized.packages) lines.push(`  largest      ${sized.packages.slice(0, 8).map(([name, bytes]) => `${name} ${(bytes / 1e3).toFixed(0)} kB`).join(', ')}`);
  }
  const by = (v: LoadResult['variant']) => results.find((r) => r.variant === v && !r.error);
  const ratio = (a?: LoadResult, b?: LoadResult) => (a && b ? `${(a.loadMs! / b.loadMs!).toFixed(2)}x` : 'n/a');
  const [tsc, bundle, empty] = [by('tsc'), by('bundle'), by('empty')];
  lines.push(`  ratios  tsc/empty ${ratio(tsc, empty)}   bundle/empty ${ratio(bundle, empty)} (target <= 4)   tsc/bundle ${ratio(tsc, bundle)}`);
  if (tsc && bundle && tsc.functions !== bundle.functions) {
    lines.push(`  WARNING the tsc build registers ${tsc.functions} function(s), the bundle ${bundle.functions}: stale dist/?`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  if (process.argv[2] === '--child') void runChild(process.argv.slice(3));
  else {
    const runs = Number(process.argv[2] ?? 7);
    measureModuleLoad(findProjectRoot(__dirname), runs).then(
      (results) => console.log(formatModuleLoad(results, runs)),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  }
}
