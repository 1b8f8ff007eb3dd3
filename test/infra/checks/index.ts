import { checkAppSettings } from './app-settings';
import { checkFunctionApp } from './function-app';
import { checkNoSecrets } from './no-secrets';
import { checkParameterFiles } from './parameter-files';
import { checkRoleAssignments } from './role-assignments';
import { checkStorageHardening } from './storage-hardening';
import { checkSyntax } from './syntax';
import { checkTablesAndQueues } from './tables-and-queues';

export type { CodeFacts, Rule, Violation } from './violation';
export {
  checkAppSettings,
  checkFunctionApp,
  checkNoSecrets,
  checkParameterFiles,
  checkRoleAssignments,
  checkStorageHardening,
  checkSyntax,
  checkTablesAndQueues,
};

