import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

/** One parsed `.bicep` file; `path` is relative to the folder that was parsed, with `/`. */
export interface BicepFile {
  path: string;
  source: string;
  root: Node;
}

let parser: Promise<Parser> | undefined;

/** The tree-sitter-bicep parser, loaded once per process (wasm, so no native build is needed). */
function bicepParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const wasm = createRequire(__filename).resolve('tree-sitter-bicep/tree-sitter-bicep.wasm');
    const language = await Language.load(wasm);
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

/** Every file under `dir` whose name ends in `extension`, sorted, as paths relative to `dir`. */
export function listFiles(dir: string, extension: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && e.name.endsWith(extension))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** Parses every `.bicep` file under `dir`. */
export async function parseBicepFolder(dir: string): Promise<BicepFile[]> {
  const p = await bicepParser();
  return listFiles(dir, '.bicep').map((path) => {
    const source = readFileSync(join(dir, path), 'utf8');
    const tree = p.parse(source);
    if (!tree) throw new Error(`tree-sitter returned no tree for ${path}`);
    return { path, source, root: tree.rootNode };
  });
}

/** Depth-first walk over every node (named and anonymous). */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) if (child) yield* walk(child);
}

/** `file:line:column` of a node, for violation messages. */
export function where(file: BicepFile, node: Node): string {
  return `${file.path}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}
