import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expandGlob } from './glob';

/** The entry point files named by `<appDir>/package.json` `main`, expanded as a glob. */
export function resolveEntryPoints(appDir: string): string[] {
  const packageFile = path.join(appDir, 'package.json');
  let main: unknown;
  try {
    main = (JSON.parse(readFileSync(packageFile, 'utf8')) as { main?: unknown }).main;
  } catch (error) {
    throw new Error(`Unable to read ${packageFile}: ${(error as Error).message}`);
  }
  if (typeof main !== 'string' || main.trim() === '') {
    throw new Error(`${packageFile} has no "main": the v4 programming model finds functions through it`);
  }
  const files = expandGlob(appDir, main);
  if (files.length === 0) {
    throw new Error(`Found zero files matching the supplied "main" path "${main}" in ${appDir}; was the app built?`);
  }
  return files;
}

function isEsm(file: string): boolean {
  return file.endsWith('.mjs');
}

/**
 * Loads each entry point once, in order, so its `app.*` calls register functions. CommonJS files
 * are required (what the worker does for them); ES modules are imported.
 */
export async function loadEntryPoints(appDir: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    try {
      if (isEsm(file)) {
        await import(pathToFileURL(file).href);
      } else {
        try {
          require(file);
        } catch (error) {
          if ((error as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw error;
          await import(pathToFileURL(file).href);
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Worker was unable to load entry point "${path.relative(appDir, file)}": ${message}`, { cause: error });
    }
  }
}
