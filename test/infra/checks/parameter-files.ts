import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { listFiles } from '../bicep/parse';
import { loadInfra, violation, type Violation } from './violation';

const USING = /^\s*using\s+'([^']+)'\s*$/m;
const PARAM = /^\s*param\s+([A-Za-z_]\w*)\s*=/gm;

/**
 * tree-sitter-bicep cannot parse `.bicepparam`, so customer files get a text check: each uses
 * ../main.bicep, sets every parameter main.bicep requires (those without a default), sets no
 * parameter main.bicep lacks, and names the customer as its file does. The azd parameter file
 * (main.parameters.json) must cover the same required parameters.
 */
export async function checkParameterFiles(dir: string): Promise<Violation[]> {
  const { decls } = await loadInfra(dir);
  const out: Violation[] = [];
  const main = decls.find((d) => d.file.path === 'main.bicep');
  if (!main) return [violation('parameter-files', dir, 'main.bicep is missing')];
  const declared = new Set(main.params.keys());
  const required = [...main.params].filter(([, p]) => !p.hasDefault).map(([name]) => name);

  const compare = (at: string, set: string[]): void => {
    for (const name of required) if (!set.includes(name)) out.push(violation('parameter-files', at, `required parameter ${name} is not set`));
    for (const name of set) if (!declared.has(name)) out.push(violation('parameter-files', at, `parameter ${name} is not declared in main.bicep`));
  };

  const customers = existsSync(join(dir, 'customers')) ? listFiles(join(dir, 'customers'), '.bicepparam') : [];
  if (customers.length === 0) out.push(violation('parameter-files', dir, 'no customers/*.bicepparam file'));
  for (const name of customers) {
    const path = join(dir, 'customers', name);
    const at = `customers/${name}`;
    const text = readFileSync(path, 'utf8');
    const using = USING.exec(text)?.[1];
    if (!using || resolve(dirname(path), using) !== resolve(dir, 'main.bicep')) out.push(violation('parameter-files', at, `must start with using '../main.bicep' (has ${using ?? 'none'})`));
    compare(at, [...text.matchAll(PARAM)].map((m) => m[1]!));
    const customer = /^\s*param\s+customerName\s*=\s*'([^']*)'/m.exec(text)?.[1];
    if (customer !== undefined && customer !== basename(name, '.bicepparam')) out.push(violation('parameter-files', at, `customerName '${customer}' differs from the file name`));
  }

  const azdFile = join(dir, 'main.parameters.json');
  if (existsSync(azdFile)) {
    const json = JSON.parse(readFileSync(azdFile, 'utf8')) as { parameters?: Record<string, unknown> };
    compare('main.parameters.json', Object.keys(json.parameters ?? {}));
  }
  return out;
}
