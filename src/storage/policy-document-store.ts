import { RestError, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { DocumentStore, StoredDocument } from '../domain/policies/document-store';
import { encodeKey } from './keys';
import { jsonColumn, parseRow, updateRow } from './table-kit';

/**
 * Layout of the `TenantSettings` table: one row per settings document, PartitionKey = document name
 * (`organization`, `authorizationPolicy`, `invitationDomainPolicy`), RowKey = `current`, column
 * `document` = the JSON, checked with the document's zod schema on every read.
 */
const ROW_KEY = 'current';
const row = z.object({ document: z.string() });

export function createTableDocumentStore<T>(table: TableClient, name: string, schema: z.ZodType<T>): DocumentStore<T> {
  const pk = encodeKey(name);
  async function read(): Promise<StoredDocument<T> | undefined> {
    try {
      const entity = await table.getEntity<Record<string, unknown>>(pk, ROW_KEY);
      const { document } = parseRow(row, name, entity);
      return { value: parseRow(schema, name, jsonColumn.read(document) as { partitionKey?: string }), etag: entity.etag };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
  return {
    read,
    async insertIfAbsent(value) {
      try {
        const response = await table.createEntity({ partitionKey: pk, rowKey: ROW_KEY, document: jsonColumn.write(value) });
        return { value, etag: response.etag ?? '' };
      } catch (error) {
        // Another instance seeded first: every instance uses what it wrote.
        if (error instanceof RestError && error.statusCode === 409) {
          const existing = await read();
          if (existing) return existing;
        }
        throw error;
      }
    },
    async replace(value, etag) {
      const newEtag = await updateRow(table, { partitionKey: pk, rowKey: ROW_KEY, document: jsonColumn.write(value) }, etag);
      return { value, etag: newEtag };
    },
  };
}
