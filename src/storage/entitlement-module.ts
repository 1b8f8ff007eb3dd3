import type { RoleLookup } from '../domain/access';
import type { AuditLog } from '../domain/audit';
import { describeEntitlementCaller } from '../domain/entitlement/caller';
import type { CatalogRoleReader, EntitlementCaller } from '../domain/entitlement/catalog-roles';
import type { EntitlementDeps, EntitlementDirectory } from '../domain/entitlement/ports';
import type { EntitlementSettings } from '../domain/entitlement/model';
import type { DocumentStore } from '../domain/policies/document-store';
import type { Principal } from '../domain/principal';
import { randomUUID } from 'node:crypto';
import { createCatalogRoleReaders, createTableEntitlementCollections, type EntitlementTables } from './entitlement-tables';

/** The entitlement module: its use-case deps and how a caller is described to them. */
export interface EntitlementModule {
  deps: EntitlementDeps & { rolesIn: CatalogRoleReader; catalogIdsOf(userId: string): Promise<readonly string[]> };
  describeCaller(principal: Principal): Promise<EntitlementCaller>;
}

export function createEntitlementModule(options: {
  tables: EntitlementTables;
  rolesOf: RoleLookup;
  settings: DocumentStore<EntitlementSettings>;
  directory: EntitlementDirectory;
  audit: AuditLog;
}): EntitlementModule {
  const collections = createTableEntitlementCollections(options.tables);
  const readers = createCatalogRoleReaders(collections);
  return {
    deps: {
      ...collections,
      ...readers,
      settings: options.settings,
      directory: options.directory,
      audit: options.audit,
      now: () => new Date(),
      newId: () => randomUUID(),
    },
    describeCaller: (principal) => describeEntitlementCaller(principal, options.rolesOf, readers.rolesIn),
  };
}
