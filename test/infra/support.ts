import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SETTING_NAMES } from '../../src/config';
import { QUEUES, TABLES } from '../../src/storage/names';
import type { CodeFacts } from './checks';

/** The real infra folder. */
export const INFRA_DIR = resolve(__dirname, '../../infra');

/** What the code needs, straight from src/: the checks never hold their own copy. */
export const CODE: CodeFacts = { settingNames: SETTING_NAMES, tables: TABLES, queues: QUEUES };

/** A throwaway copy of infra/ to break one rule in. */
export function copyInfra(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-infra-'));
  cpSync(INFRA_DIR, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Replaces `from` with `to` in one file; throws when `from` is absent so a break can't silently miss. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit of ${file} did not match ${String(from)}`);
  writeFileSync(path, after);
}
