import { declarationsOf, type Declarations } from '../bicep/model';
import { parseBicepFolder, type BicepFile } from '../bicep/parse';

/** The rules `npm test` enforces on infra/, one check function each. */
export type Rule =
  | 'syntax'
  | 'storage-hardening'
  | 'no-secrets'
  | 'app-settings'
  | 'tables-and-queues'
  | 'role-assignments'
  | 'function-app'
  | 'parameter-files';

/** A broken rule: where (file:line:column, or a file) and what. */
export interface Violation {
  rule: Rule;
  at: string;
  message: string;
}

/** What the code needs, read from src/ by the caller so the checks never copy those lists. */
export interface CodeFacts {
  settingNames: readonly string[];
  tables: readonly string[];
  queues: readonly string[];
}

/** Parses a folder once and yields each file's declarations. */
export async function loadInfra(dir: string): Promise<{ files: BicepFile[]; decls: Declarations[] }> {
  const files = await parseBicepFolder(dir);
  return { files, decls: files.map(declarationsOf) };
}

export const violation = (rule: Rule, at: string, message: string): Violation => ({ rule, at, message });
