import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Registers every endpoint by importing each function file, as the Functions host does, with the
 * sample local settings (function files read settings lazily, the composition root at import).
 */
export async function registerAllEndpoints(): Promise<void> {
  const root = process.cwd();
  const sample = JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };
  for (const [key, value] of Object.entries(sample.Values)) process.env[key] ??= value;
  const dir = join(root, 'src', 'functions');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  // Outside the host, @azure/functions warns once per registration that it is in test mode.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('"@azure/functions" package is in test mode')) warn(...args);
  };
  try {
    for (const file of files.sort()) await import(join(dir, file));
  } finally {
    console.warn = warn;
  }
}
