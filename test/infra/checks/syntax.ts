import { walk, where } from '../bicep/parse';
import { loadInfra, violation, type Violation } from './violation';

/**
 * Every `.bicep` file parses with tree-sitter-bicep without ERROR or MISSING nodes, and no module
 * comes from a registry (`br:`, `br/`, `ts:`), which cannot be restored offline.
 */
export async function checkSyntax(dir: string): Promise<Violation[]> {
  const { files, decls } = await loadInfra(dir);
  const out: Violation[] = [];
  if (!files.some((f) => f.path === 'main.bicep')) out.push(violation('syntax', dir, 'infra/main.bicep is missing'));
  for (const file of files) {
    for (const node of walk(file.root)) {
      if (node.type === 'ERROR') out.push(violation('syntax', where(file, node), `syntax error near "${node.text.slice(0, 40)}"`));
      else if (node.isMissing) out.push(violation('syntax', where(file, node), `missing "${node.type}"`));
    }
  }
  for (const d of decls) {
    for (const m of d.modules) {
      if (/^(br[:/]|ts:)/.test(m.source)) out.push(violation('syntax', `${d.file.path}`, `module ${m.symbol} comes from a registry (${m.source}); use a local file`));
    }
  }
  return out;
}
