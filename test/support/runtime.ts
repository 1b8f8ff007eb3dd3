import path from 'node:path';
import type { DevIssuer } from '../../dev/dev-issuer';
import { spawnRuntime, type SpawnedRuntime } from '../../dev/spawn-runtime';

/** A whole local runtime (`dev/start`: Azurite, dev services, functions host) started on free ports. */
export interface TestRuntime extends SpawnedRuntime {
  /** Signs a token the runtime accepts. */
  token(opts?: Parameters<DevIssuer['signToken']>[0]): Promise<string>;
}

/** Starts the built runtime for one test file (see dev/spawn-runtime.ts). */
export async function startRuntime(options: { env?: Record<string, string>; args?: string[] } = {}): Promise<TestRuntime> {
  const rt = await spawnRuntime({ root: path.resolve(__dirname, '..', '..'), ...options });
  return { ...rt, token: (opts) => rt.issuer.signToken(opts) };
}
