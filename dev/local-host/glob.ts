import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

const GLOB_CHARS = /[*?[]/;

/** `a/{b,c/d}.js` → `a/b.js`, `a/c/d.js` (nested braces included). */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      if (commas.length === 0) break;
      const bounds = [open, ...commas, i];
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      return bounds
        .slice(0, -1)
        .flatMap((start, k) => expandBraces(head + pattern.slice(start + 1, bounds[k + 1]) + tail));
    } else if (ch === ',' && depth === 1) commas.push(i);
  }
  return [pattern];
}

function segmentRegex(segment: string): RegExp {
  let source = '';
  for (const ch of segment) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function walk(dir: string, segments: string[], index: number, out: Set<string>): void {
  const segment = segments[index];
  if (segment === undefined) return;
  const last = index === segments.length - 1;
  if (segment === '**') {
    if (last) return;
    walk(dir, segments, index + 1, out);
    for (const entry of entries(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        walk(path.join(dir, entry.name), segments, index, out);
      }
    }
    return;
  }
  const candidates = GLOB_CHARS.test(segment)
    ? entries(dir)
        .filter((e) => segmentRegex(segment).test(e.name) && (segment.startsWith('.') || !e.name.startsWith('.')))
        .map((e) => e.name)
    : [segment];
  for (const name of candidates) {
    const full = path.join(dir, name);
    if (last) {
      if (isFile(full)) out.add(full);
    } else {
      walk(full, segments, index + 1, out);
    }
  }
}

/**
 * Expands a package.json `main` the way the worker does (it uses a glob library): `*`, `?`, `**`
 * and `{a,b}` are supported. Returns absolute file paths, sorted, without duplicates.
 */
export function expandGlob(baseDir: string, pattern: string): string[] {
  const out = new Set<string>();
  for (const expanded of expandBraces(pattern.replace(/\\/g, '/'))) {
    const absolute = path.isAbsolute(expanded);
    const segments = expanded.split('/').filter((s) => s !== '' && s !== '.');
    walk(absolute ? path.parse(expanded).root : baseDir, segments, 0, out);
  }
  return [...out].sort();
}
