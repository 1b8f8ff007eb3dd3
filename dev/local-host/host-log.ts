import type { LogRecord } from './core-shim';
import type { LocalFunction } from './functions';
import type { RpcLogLevel } from './rpc-types';

const RANK: Record<RpcLogLevel, number> = { trace: 0, debug: 1, information: 2, warning: 3, error: 4, critical: 5, none: 6 };

/**
 * Turns log records into lines like Core Tools prints them: handler logs from Information up,
 * library (system) logs from Warning up; debug and trace are dropped as by the default log level.
 */
export function createLogSink(log: (line: string) => void): (record: LogRecord) => void {
  return (record) => {
    const minimum = record.category === 'user' ? RANK.information : RANK.warning;
    if (RANK[record.level] < minimum || record.level === 'none') return;
    const label = record.level === 'warning' ? 'Warning: ' : RANK[record.level] >= RANK.error ? 'Error: ' : '';
    log(`${label}${record.message}`);
  };
}

function describe(fn: LocalFunction, baseUrl: string, routePrefix: string): string {
  switch (fn.trigger) {
    case 'http': {
      const url = `${baseUrl}/${[routePrefix, fn.route].filter((p) => p).join('/')}`;
      return fn.methods && fn.methods.length > 0 ? `[${fn.methods.join(',')}] ${url}` : url;
    }
    case 'queue':
      return `queueTrigger (queue: ${fn.queueName})`;
    case 'timer':
      return `timerTrigger (schedule: ${fn.schedule})`;
    default:
      return 'trigger not run by the local host';
  }
}

/** The start-up listing, as Core Tools prints it after "Functions:". */
export function printFunctions(log: (line: string) => void, baseUrl: string, routePrefix: string, functions: readonly LocalFunction[]): void {
  log('Functions:');
  for (const fn of functions) log(`  ${fn.name}: ${describe(fn, baseUrl, routePrefix)}`);
}
