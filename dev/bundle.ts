import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AZURE_LIKE_SETTINGS } from './azure-like-settings';
import { englishOnlyZodPlugin, noCrc64Plugin, sharedJosePlugin, slimMimeDbPlugin } from './bundle-trims';
import type { FunctionRegistration } from './lazy-bundle/bridge';

/**
 * Builds the deployable package: `main.js` (the entry), `app.mjs` and its chunks (every
 * `src/functions/*.ts`, loaded on first use) plus the `package.json` and `host.json` the Functions
 * worker reads. No node_modules ship: everything but `@azure/functions-core` (which the worker
 * injects at run time) is inside the bundle, so a cold start reads a few files instead of
 * resolving hundreds.
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
  /** Size of main.js, what the worker loads at start. */
  bytes: number;
  /** Size of all code in the package: main.js, app.mjs and its chunks. */
  codeBytes: number;
  /** Functions registered. */
  functions: number;
  /** Bytes of code per npm package (or src folder), largest first. */
  packages: [string, number][];
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

/** The lazily imported half of the bundle (ESM, beside `main.js`; its chunks too). */
export const APP_FILE = 'app.mjs';

/** Source maps go here, outside the package: Flex Consumption downloads the package on every cold start. */
export const SOURCE_MAP_DIR = 'dist-deploy-sourcemaps';

/**
 * Bundles the app under `root` into `outDir` (replaced). Throws when there is nothing to bundle.
 *
 * Two halves, so a cold start loads little more than `@azure/functions`:
 *   app.mjs (+ chunks)  every function file, as ESM with code splitting (a dynamic `import()` in
 *                       the app, such as the blob SDK's, becomes a chunk loaded on first use);
 *                       `@azure/functions` there is dev/lazy-bundle/functions-facade.ts.
 *   main.js             CommonJS: `@azure/functions` plus the registrations collected from
 *                       app.mjs at build time (a child process loads it with Azure-shaped
 *                       settings); each handler imports app.mjs on first use.
 * A function file needs nothing special: whatever it registers through `app.*` is collected.
 */
export async function bundleApp(root: string, outDir = path.join(root, DEPLOY_DIR)): Promise<BundleResult> {
  const entries = functionEntries(root);
  if (entries.length === 0) throw new Error(`no function files in ${path.join(root, 'src', 'functions')}`);
  // Imported lazily: esbuild is a dev dependency and this module is also read by the bench's children.
  const esbuild = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const mainFile = path.join(outDir, BUNDLE_FILE);
  const lazyDir = compiledLazyBundleDir();
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: `node${AZURE_NODE_MAJOR}`,
    minify: true,
    // Kept out of the package (see SOURCE_MAP_DIR); stack traces map back with them.
    sourcemap: 'external' as const,
    legalComments: 'linked' as const,
    logLevel: 'warning' as const,
    absWorkingDir: root,
    metafile: true,
  };

  const appBuild = await esbuild.build({
    ...common,
    entryPoints: { [APP_FILE.replace(/\.mjs$/, '')]: 'gatehouse:functions' },
    format: 'esm',
    splitting: true,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    // Chunks beside app.mjs, so `__dirname` (the admin console's files) is the package folder in every one.
    chunkNames: 'chunk-[hash]',
    // CommonJS dependencies inside ESM need `require`, and src/ reads `__dirname`.
    banner: {
      js: [
        "import { createRequire as __gatehouseCreateRequire } from 'node:module';",
        "import { fileURLToPath as __gatehouseFileURLToPath } from 'node:url';",
        'const require = __gatehouseCreateRequire(import.meta.url);',
        'const __filename = __gatehouseFileURLToPath(import.meta.url);',
        "const __dirname = __gatehouseFileURLToPath(new URL('.', import.meta.url)).replace(/[\\\\/]$/, '');",
      ].join('\n'),
    },
    alias: { '@azure/functions': path.join(lazyDir, 'functions-facade.js') },
    plugins: [functionsEntryPlugin(root, entries), englishOnlyZodPlugin(), slimMimeDbPlugin(), sharedJosePlugin(root), noCrc64Plugin()],
  });

  const registrations = collectRegistrations(path.join(outDir, APP_FILE));
  const mainBuild = await esbuild.build({
    ...common,
    entryPoints: [path.join(lazyDir, 'lazy-main.js')],
    format: 'cjs',
    outfile: mainFile,
    external: WORKER_PROVIDED,
    define: { GATEHOUSE_REGISTRATIONS: JSON.stringify(registrations), GATEHOUSE_APP_FILE: JSON.stringify(APP_FILE) },
  });
  moveSourceMaps(outDir, path.join(root, SOURCE_MAP_DIR));

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
  const jsFiles = readdirSync(outDir).filter((f) => f.endsWith('.js') || f.endsWith('.mjs'));
  return {
    outDir,
    mainFile,
    entries,
    bytes: statSync(mainFile).size,
    codeBytes: jsFiles.reduce((n, f) => n + statSync(path.join(outDir, f)).size, 0),
    functions: registrations.length,
    packages: packageSizes([appBuild.metafile!, mainBuild.metafile!]),
  };
}

/** The virtual entry of app.mjs: every function file, in the worker's glob order. */
function functionsEntryPlugin(root: string, entries: string[]): import('esbuild').Plugin {
  return {
    name: 'gatehouse-functions-entry',
    setup(build) {
      build.onResolve({ filter: /^gatehouse:functions$/ }, () => ({ path: 'functions-entry.js', namespace: 'gatehouse' }));
      build.onLoad({ filter: /.*/, namespace: 'gatehouse' }, () => ({
        contents: entries.map((e) => `import ${JSON.stringify(`./${e}`)};`).join('\n'),
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

/** dev/lazy-bundle as compiled by tsc (this module also runs from source under vitest). */
function compiledLazyBundleDir(): string {
  const beside = path.join(__dirname, 'lazy-bundle');
  if (existsSync(path.join(beside, 'lazy-main.js'))) return beside;
  const built = path.join(findProjectRoot(__dirname), 'dist', 'dev', 'lazy-bundle');
  if (!existsSync(path.join(built, 'lazy-main.js'))) throw new Error(`${built} is missing: run tsc first`);
  return built;
}

/** Runs dev/lazy-bundle/collect-registrations in a fresh Node on the built app.mjs. */
function collectRegistrations(appFile: string): FunctionRegistration[] {
  const collector = path.join(compiledLazyBundleDir(), 'collect-registrations.js');
  const child = spawnSync(process.execPath, [collector, pathToFileURL(appFile).href], {
    env: { PATH: process.env.PATH ?? '', ...AZURE_LIKE_SETTINGS },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`collecting the function registrations failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as FunctionRegistration[];
}

function moveSourceMaps(outDir: string, mapDir: string): void {
  rmSync(mapDir, { recursive: true, force: true });
  mkdirSync(mapDir, { recursive: true });
  for (const f of readdirSync(outDir).filter((n) => n.endsWith('.map'))) renameSync(path.join(outDir, f), path.join(mapDir, f));
}

/** Bytes in the package per npm package (or `src`), largest first: what to trim next. */
function packageSizes(metafiles: import('esbuild').Metafile[]): [string, number][] {
  const sizes = new Map<string, number>();
  for (const meta of metafiles) {
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const name = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
        sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
      }
    }
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
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
    (r) => console.log(`bundled ${r.entries.length} function file(s), ${r.functions} function(s) into ${path.relative(process.cwd(), r.outDir)}: main.js ${(r.bytes / 1024).toFixed(0)} KiB, all code ${(r.codeBytes / 1024).toFixed(0)} KiB`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
