import { appendFileSync } from 'node:fs';
import { installCrashPointHook } from '../src/deps/crash-points';

/**
 * Preload for crash-recovery tests: `node --require dist/dev/crash-points.js dist/dev/local-host/cli.js …`.
 *
 *   GATEHOUSE_CRASH_AT=<point>[@<n>]   kill this process with SIGKILL the n-th time (default 1st) `point` is reached
 *   GATEHOUSE_CRASH_LOG=<file>         append every point reached to `file` (to see which points a flow passes)
 *
 * Points are named `<port>.<method>:before|after` by `withCrashPoints` in the composition root.
 * SIGKILL, not an exit: no handler, no flush, no graceful stop — what a lost instance looks like.
 */
const spec = process.env['GATEHOUSE_CRASH_AT'];
const logFile = process.env['GATEHOUSE_CRASH_LOG'];
if (spec || logFile) {
  const at = spec ? /^(?<point>[^@]+)(?:@(?<n>\d+))?$/.exec(spec)?.groups : undefined;
  if (spec && !at) throw new Error(`GATEHOUSE_CRASH_AT must be <point>[@<n>], got ${spec}`);
  const wanted = at ? Number(at['n'] ?? 1) : 0;
  let hits = 0;
  installCrashPointHook((point) => {
    if (logFile) appendFileSync(logFile, `${point}\n`);
    if (!at || point !== at['point'] || ++hits !== wanted) return;
    process.stderr.write(`crash point ${point} (#${hits}) reached: killing the host\n`);
    process.kill(process.pid, 'SIGKILL');
  });
}
