import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM script shared with `npm run bicep:restore`; typed by the declarations below
import * as restore from '../../../tools/bicep/restore.mjs';

const tools = restore as {
  bicepVersion(): string;
  restoredBicep(version?: string): string | undefined;
  restoreBicep(): string;
  hasDotnet(): boolean;
};

export const ROOT = path.resolve(__dirname, '../../..');
export const INFRA_DIR = path.join(ROOT, 'infra');
export const BICEP_VERSION = tools.bicepVersion();

/** Where the compiler comes from on this machine, or why the compiler tests cannot run. */
export interface BicepAvailability {
  /** The executable, once known (restored, BICEP_PATH, or on PATH). */
  path?: string;
  /** True when `dotnet` can restore it on first use. */
  restorable: boolean;
  /** One line for the skip message when neither is there. */
  why?: string;
}

function onPath(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether the compiler tests run here. Without a compiler they are skipped with `why`, except in CI
 * (`CI` set), where `.ci/run` restores the compiler first and a missing one fails the run.
 */
export function compilerTestsRun(): { run: boolean; why?: string } {
  const available = bicepAvailability();
  if (available.path || available.restorable) return { run: true };
  if (process.env.CI) throw new Error(`CI is set, so the Bicep compiler tests must run, but there is ${available.why}`);
  return { run: false, why: `Bicep compiler tests skipped: there is ${available.why}` };
}

export function bicepAvailability(): BicepAvailability {
  const fromEnv = process.env.BICEP_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv, restorable: false };
  const restored = tools.restoredBicep();
  if (restored) return { path: restored, restorable: false };
  if (tools.hasDotnet()) return { restorable: true };
  if (onPath('bicep')) return { path: 'bicep', restorable: false };
  return {
    restorable: false,
    why: `no restored Bicep CLI (tools/bicep/packages), no \`bicep\` on PATH and no \`dotnet\` to restore it. Install the .NET SDK and run \`npm run bicep:restore\` (Bicep ${BICEP_VERSION} from NuGet).`,
  };
}

let resolved: string | undefined;
/** The compiler, restoring it with `dotnet` when that is what the machine has. */
export function bicepPath(): string {
  if (resolved) return resolved;
  const available = bicepAvailability();
  resolved = available.path ?? (available.restorable ? tools.restoreBicep() : undefined);
  if (!resolved) throw new Error(available.why);
  return resolved;
}

export interface BicepRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Diagnostics (warnings and errors) the compiler printed, paths relative to the folder compiled. */
  diagnostics: string[];
}

/**
 * The compiler runs at low CPU priority where `nice` exists: it shares the machine with end-to-end
 * tests whose runtimes have timeouts, and it has none worth protecting.
 */
const NICE = spawnSync('nice', ['true'], { stdio: 'ignore' }).status === 0;

/** Runs the compiler; never throws on a non-zero exit (tests look at `code`). */
export function bicep(args: string[], cwd: string): Promise<BicepRun> {
  const exe = bicepPath();
  return new Promise((resolve, reject) => {
    execFile(
      NICE ? 'nice' : exe,
      NICE ? ['-n', '10', exe, ...args] : args,
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', BICEP_TRACING_ENABLED: 'false' } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        const code = error ? (error.code as number) : 0;
        const diagnostics = stderr
          .split('\n')
          .filter((l) => /: (Warning|Error|Info) /.test(l))
          .map((l) => l.split(cwd + path.sep).join('').trim());
        resolve({ code, stdout, stderr, diagnostics });
      },
    );
  });
}

/** One resource of `bicep snapshot`: what a deployment would create, with every value it can know before deploying. */
export interface PredictedResource {
  id: string;
  type: string;
  name: string;
  apiVersion: string;
  location?: string;
  kind?: string;
  sku?: Record<string, unknown>;
  tags?: Record<string, string>;
  identity?: { type?: string; userAssignedIdentities?: Record<string, unknown> };
  properties?: Record<string, unknown>;
}

export interface CustomerBuild {
  customer: string;
  file: string;
  /** `bicep build-params` output: the parameters deployed with main.bicep. */
  parameters: Record<string, { value: unknown }>;
  predicted: PredictedResource[];
  outputs: Record<string, unknown>;
}

export interface CompiledInfra {
  version: string;
  /** `bicep build infra/main.bicep`: the ARM template deployed. */
  template: ArmTemplate;
  build: BicepRun;
  lint: BicepRun;
  customers: CustomerBuild[];
}

export interface ArmTemplate {
  parameters: Record<string, { type: string; defaultValue?: unknown; metadata?: Record<string, unknown> }>;
  outputs?: Record<string, { type: string; value: unknown }>;
  resources: unknown;
  [key: string]: unknown;
}

/** The fake subscription and resource group the what-if snapshots are taken in (names depend on them). */
export const SNAPSHOT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const snapshotResourceGroup = (customer: string): string => `rg-gatehouse-${customer}`;
export const SNAPSHOT_LOCATION = 'westeurope';

export function customerFiles(dir = INFRA_DIR): string[] {
  const folder = path.join(dir, 'customers');
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.bicepparam')).sort() : [];
}

export interface Snapshot {
  run: BicepRun;
  predicted: PredictedResource[];
  outputs: Record<string, unknown>;
}

/** `bicep snapshot` of one parameter file in `dir` (a scratch copy: the command writes beside the file). */
export async function snapshot(dir: string, file: string, customer: string, folder = 'customers'): Promise<Snapshot> {
  const run = await bicep(
    ['snapshot', `${folder}/${file}`, '--mode', 'overwrite', '--subscription-id', SNAPSHOT_SUBSCRIPTION, '--resource-group', snapshotResourceGroup(customer), '--location', SNAPSHOT_LOCATION, '--tenant-id', SNAPSHOT_SUBSCRIPTION],
    dir,
  );
  const out = path.join(dir, folder, file.replace(/\.bicepparam$/, '.snapshot.json'));
  if (run.code !== 0 || !existsSync(out)) return { run, predicted: [], outputs: {} };
  const json = JSON.parse(readFileSync(out, 'utf8')) as { predictedResources: PredictedResource[]; outputs?: Record<string, unknown> };
  rmSync(out);
  return { run, predicted: json.predictedResources, outputs: json.outputs ?? {} };
}

/** Compiles, lints and snapshots the infra folder `dir` (a copy is used, so `dir` is untouched). */
export async function compileInfra(dir = INFRA_DIR): Promise<CompiledInfra> {
  const work = mkdtempSync(path.join(tmpdir(), 'gatehouse-bicep-'));
  try {
    cpSync(dir, work, { recursive: true });
    const [build, lint] = await Promise.all([bicep(['build', 'main.bicep', '--stdout'], work), bicep(['lint', 'main.bicep'], work)]);
    const customers: CustomerBuild[] = [];
    for (const file of customerFiles(work)) {
      const customer = file.replace(/\.bicepparam$/, '');
      const params = await bicep(['build-params', `customers/${file}`, '--stdout'], work);
      if (params.code !== 0) throw new Error(`bicep build-params customers/${file} failed:\n${params.stderr}`);
      const parametersJson = (JSON.parse(params.stdout) as { parametersJson: string }).parametersJson;
      const parameters = (JSON.parse(parametersJson) as { parameters: CustomerBuild['parameters'] }).parameters;
      const snap = await snapshot(work, file, customer);
      if (snap.run.code !== 0) throw new Error(`bicep snapshot customers/${file} failed:\n${snap.run.stderr || snap.run.stdout}`);
      customers.push({ customer, file, parameters, predicted: snap.predicted, outputs: snap.outputs });
    }
    const template = build.code === 0 ? (JSON.parse(build.stdout) as ArmTemplate) : ({ parameters: {}, resources: {} } as ArmTemplate);
    return { version: BICEP_VERSION, template, build, lint, customers };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Snapshots of main.bicep with made-up parameter files (`name` -> the file's parameter lines after
 * `using`), two at a time, in a scratch copy of `dir`: how the template behaves for values no
 * customer file has (the longest name, unusual mail rates, values it must refuse).
 */
export async function snapshotVariants(variants: Record<string, string>, dir = INFRA_DIR): Promise<Record<string, Snapshot>> {
  const work = mkdtempSync(path.join(tmpdir(), 'gatehouse-bicep-'));
  try {
    cpSync(dir, work, { recursive: true });
    mkdirSync(path.join(work, 'variants'));
    const names = Object.keys(variants);
    for (const name of names) writeFileSync(path.join(work, 'variants', `${name}.bicepparam`), `using '../main.bicep'\n\n${variants[name]}\n`);
    const results: Record<string, Snapshot> = {};
    const queue = [...names];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) results[name] = await snapshot(work, `${name}.bicepparam`, name, 'variants');
    };
    await Promise.all([worker(), worker()]);
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function hashTree(dir: string): string {
  // The compiler version and this file (how snapshots are taken) are part of the key too.
  const hash = createHash('sha256').update(BICEP_VERSION).update(readFileSync(__filename));
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else hash.update(child).update(readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The real infra/ compiled once per content: test files share the result through a cache keyed by
 * the hash of infra/ and the compiler version (a changed file compiles again).
 */
export async function compiledInfra(): Promise<CompiledInfra> {
  const cacheDir = path.join(ROOT, 'node_modules', '.cache', 'gatehouse-bicep');
  const file = path.join(cacheDir, `${hashTree(INFRA_DIR)}.json`);
  mkdirSync(cacheDir, { recursive: true });
  // One test file compiles; the others (other workers) wait for its result instead of compiling too.
  const lock = `${file}.lock`;
  for (let waited = 0; !existsSync(file); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      // A lock older than any compile left by a killed run.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 900_000) rmSync(lock, { recursive: true, force: true });
      if (waited > 600_000) throw new Error(`gave up waiting for ${lock}; remove it if no test run is compiling`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      const compiled = await compileInfra();
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, JSON.stringify(compiled));
      renameSync(partial, file);
      return compiled;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return JSON.parse(readFileSync(file, 'utf8')) as CompiledInfra;
}
