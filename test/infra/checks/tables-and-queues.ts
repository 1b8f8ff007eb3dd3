import { resourceNames, resourcesOfType } from '../bicep/facts';
import { UNKNOWN, type Declarations } from '../bicep/model';
import { where } from '../bicep/parse';
import { loadInfra, violation, type CodeFacts, type Violation } from './violation';

const TABLE_TYPE = 'Microsoft.Storage/storageAccounts/tableServices/tables';
const QUEUE_TYPE = 'Microsoft.Storage/storageAccounts/queueServices/queues';

function declaredNames(decls: Declarations[], type: string, rule: 'tables-and-queues', out: Violation[]): Set<string> {
  const names = new Set<string>();
  for (const r of resourcesOfType(decls, type)) {
    const d = decls.find((x) => x.file === r.file)!;
    for (const name of resourceNames(r, d)) {
      if (name === UNKNOWN) out.push(violation(rule, where(r.file, r.node), `${r.symbol}: name is not a literal (or a loop over a literal list)`));
      else names.add(name);
    }
  }
  return names;
}

/**
 * The Bicep declares exactly the tables and queues the code uses (src/storage/names.ts), each
 * queue with its `-poison` twin.
 */
export async function checkTablesAndQueues(dir: string, code: Pick<CodeFacts, 'tables' | 'queues'>): Promise<Violation[]> {
  const { decls } = await loadInfra(dir);
  const out: Violation[] = [];
  const tables = declaredNames(decls, TABLE_TYPE, 'tables-and-queues', out);
  const queues = declaredNames(decls, QUEUE_TYPE, 'tables-and-queues', out);
  const wantedQueues = code.queues.flatMap((q) => [q, `${q}-poison`]);
  for (const t of code.tables) if (!tables.has(t)) out.push(violation('tables-and-queues', dir, `table ${t} is used by the code but not declared`));
  for (const q of wantedQueues) if (!queues.has(q)) out.push(violation('tables-and-queues', dir, `queue ${q} is used by the code but not declared`));
  for (const t of tables) if (!code.tables.includes(t)) out.push(violation('tables-and-queues', dir, `table ${t} is declared but the code does not use it`));
  for (const q of queues) if (!wantedQueues.includes(q)) out.push(violation('tables-and-queues', dir, `queue ${q} is declared but the code does not use it`));
  return out;
}
