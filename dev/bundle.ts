import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the deployable package: one CommonJS bundle of every `src/functions/*.ts` plus the
 * `package.json` and `host.json` the Functions worker reads. No node_modules ship: everything but
 * `@azure/functions-core` (which the worker injects at run time) is inside the bundle, so a cold
 * start reads one file instead of resolving hundreds.
 *
 * Usage: `node dist/dev/bundle.js` (after `tsc`) writes `dist-deploy/`; azd deploys that folder.
 */

/** The folder `azure.yaml` (`dist:`) deploys. */
export const DEPLOY_DIR = 'dist-deploy';

/** The bundle's file name inside the package; the package's `main`. */
export const BUNDLE_FILE = 'main.js';

/**
 * The Node.js major version the app runs on in Azure: infra/ deploys it
 * (`functionAppConfig.runtime.version`, checked by test/infra) and the bundle is built for it.
 * Azure Functions support for Node 20 ended on 2026-04-30.
 */
export const AZURE_NODE_MAJOR = 22;

/** The worker supplies this module by hooking `require`; bundling it (or using ESM) would bypass the hook. */
const WORKER_PROVIDED = ['@azure/functions-core'];

/** What `bundleApp` produced. */
export interface BundleResult {
  outDir: string;
  /** Absolute path of the bundle. */
  mainFile: string;
  /** The function files bundled, relative to the project root, in load order. */
  entries: string[];
  bytes: number;
}

/** The function entry points: `src/functions/*.ts`, sorted like the worker's glob expansion. */
export function functionEntries(root: string): string[] {
  const dir = path.join(root, 'src', 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => `src/functions/${f}`);
}

/** Bundles the app under `root` into `outDir` (replaced). Throws when there is nothing to bundle. */
export async function bundleApp(root: string, outDir = path.join(root, DEPLOY_DIR)): Promise<BundleResult> {
  const entries = functionEntries(root);
  if (entries.length === 0) throw new Error(`no function files in ${path.join(root, 'src', 'functions')}`);
  // Imported lazily: esbuild is a dev dependency and this module is also read by the bench's children.
  const esbuild = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const mainFile = path.join(outDir, BUNDLE_FILE);

  await esbuild.build({
    // One synthetic entry importing each function file in order: the same registrations, one file.
    // `import` rather than `require` lets esbuild drop unused ESM exports (about 6% smaller).
    stdin: {
      contents: entries.map((e) => `import ${JSON.stringify(`./${e}`)};`).join('\n'),
      resolveDir: root,
      sourcefile: 'functions-entry.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: `node${AZURE_NODE_MAJOR}`,
    format: 'cjs',
    outfile: mainFile,
    external: WORKER_PROVIDED,
    // CJS has no import.meta; dependencies that read import.meta.url get this file's URL instead.
    define: { 'import.meta.url': '__gatehouseImportMetaUrl' },
    banner: { js: "var __gatehouseImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    minifyWhitespace: true,
    minifySyntax: true,
    // Names kept readable so stack traces in Application Insights still point somewhere.
    minifyIdentifiers: false,
    // No source map in the package: Flex Consumption downloads the package on cold start.
    sourcemap: false,
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
  });

  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string; version?: string; description?: string };
  const deployPackage = {
    name: pkg.name ?? 'app',
    version: pkg.version ?? '0.0.0',
    description: pkg.description,
    private: true,
    main: BUNDLE_FILE,
    engines: { node: `>=${AZURE_NODE_MAJOR}` },
  };
  writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(deployPackage, null, 2)}\n`);
  copyFileSync(path.join(root, 'host.json'), path.join(outDir, 'host.json'));
  // The admin console (built by dev/build-console.ts) ships beside main.js; its function serves it from there.
  const consoleDir = path.join(root, 'dist-web', 'admin');
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    cpSync(consoleDir, path.join(outDir, 'admin'), { recursive: true, filter: (src) => !src.includes(`${path.sep}.vite`) });
  }
  return { outDir, mainFile, entries, bytes: statSync(mainFile).size };
}

/** The project root: the nearest folder above `from` holding both package.json and host.json. */
export function findProjectRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'host.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json with host.json above ${from}`);
  }
}

if (require.main === module) {
  bundleApp(findProjectRoot(__dirname)).then(
    (r) => console.log(`bundled ${r.entries.length} function file(s) into ${path.relative(process.cwd(), r.mainFile)} (${(r.bytes / 1024).toFixed(0)} KiB)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
