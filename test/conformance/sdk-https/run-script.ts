import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { INPUT_ENV, type ScriptInput } from './script-io';

const root = path.resolve(__dirname, '..', '..', '..');

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of this folder's `*.script.mts` files in a Node process of its own, as a user's script
 * runs: esbuild turns the TypeScript into one ES module (packages left as imports, so the SDKs load
 * from node_modules as they are), and `node --input-type=module` runs it from the repository root.
 * `caCert` becomes the child's `NODE_EXTRA_CA_CERTS`; without it the child has no such variable.
 */
export async function runSdkScript(file: string, input: ScriptInput, caCert?: string): Promise<ScriptRun> {
  const bundled = await build({
    entryPoints: [path.join(__dirname, file)],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const env: Record<string, string | undefined> = { ...process.env };
  delete env['NODE_EXTRA_CA_CERTS'];
  if (caCert) env['NODE_EXTRA_CA_CERTS'] = caCert;
  for (const key of Object.keys(INPUT_ENV) as (keyof ScriptInput)[]) env[INPUT_ENV[key]] = input[key];
  const child = spawn(process.execPath, ['--input-type=module'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(bundled.outputFiles[0]!.text);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code, stdout, stderr };
}

/** The script's JSON result line; a failed run throws with its output. */
export function resultOf<T>(run: ScriptRun): T {
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || !line.startsWith('{')) throw new Error(`the script failed (exit ${run.code})\n${run.stderr}\n${run.stdout}`);
  return JSON.parse(line) as T;
}
