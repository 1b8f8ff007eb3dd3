import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchInvitations } from './invitations';
import { formatMailThroughput, measureMailThroughput } from './mail';
import { benchMemberships } from './memberships';
import { formatModuleLoad, measureModuleLoad } from './module-load';
import { benchScale } from './scale';
import { benchSoak } from './soak';

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
  scale: () => benchScale(process.argv.slice(2)),
  soak: () => benchSoak(process.argv.slice(2)),
};

async function main(): Promise<void> {
  // Flags belong to the benchmarks that read them (soak: --minutes, --rate; scale: --small, --large).
  const wanted = parseArgs({ args: process.argv.slice(2), strict: false, allowPositionals: true, options: { minutes: { type: 'string' }, rate: { type: 'string' }, small: { type: 'string' }, large: { type: 'string' } } }).positionals;
  const unknown = wanted.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  // The soak runs only when asked for: it takes half an hour by default.
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES).filter((n) => n !== 'soak')) {
    console.log(`\n== ${name}`);
    console.log(await BENCHES[name]!());
  }
}

void main();
