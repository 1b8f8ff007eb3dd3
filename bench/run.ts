import path from 'node:path';
import { benchInvitations } from './invitations';
import { formatMailThroughput, measureMailThroughput } from './mail';
import { benchMemberships } from './memberships';
import { formatModuleLoad, measureModuleLoad } from './module-load';

/**
 * `npm run bench [-- name ...]`: every benchmark, or the named ones. Each prints ratios measured
 * in this one run (these machines are small and noisy, so absolute numbers mean little and no
 * benchmark is a pass/fail test).
 */
const root = path.resolve(__dirname, '..', '..');

const BENCHES: Record<string, () => Promise<string>> = {
  'module-load': async () => {
    const runs = 7;
    return formatModuleLoad(await measureModuleLoad(root, runs), runs);
  },
  mail: async () => formatMailThroughput(await measureMailThroughput(root, 300)),
  memberships: () => benchMemberships(),
  invitations: () => benchInvitations(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
    console.log(`\n== ${name}`);
    console.log(await BENCHES[name]!());
  }
}

void main();
