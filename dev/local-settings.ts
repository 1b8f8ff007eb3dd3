import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The settings the local runtime gives the app: `local.settings.json` if the developer made one
 * (as for Core Tools), else the committed sample. Values already in the environment win, as with
 * Core Tools.
 */
export function readLocalSettings(root: string): Record<string, string> {
  const own = path.join(root, 'local.settings.json');
  const file = existsSync(own) ? own : path.join(root, 'local.settings.sample.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, string> };
  return { ...(parsed.Values ?? {}) };
}

/** Replaces host:port in every loopback URL of a setting value (connection strings included). */
export function rewriteLoopbackPort(value: string, fromPort: number, toPort: number): string {
  return value.replace(new RegExp(`(https?://(?:127\\.0\\.0\\.1|localhost)):${fromPort}\\b`, 'g'), `$1:${toPort}`);
}
