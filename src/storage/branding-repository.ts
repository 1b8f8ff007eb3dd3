import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { BRANDING_IMAGES, type Branding } from '../domain/branding/branding';
import type { BrandingRepository } from '../domain/branding/manage-branding';
import { createTableCollection } from './entitlement-collection';
import { encodeKey } from './keys';
import { deleteRow, readRow } from './table-kit';

/**
 * Kept in the `TenantSettings` table beside the other tenant-wide documents, under RowKeys of its
 * own: PartitionKey = the branding id (`0` or a locale); RowKey `branding` holds the branding as a
 * document (ETag-checked like every entity); RowKey `branding.bannerLogo`/`branding.squareLogo`
 * holds that image as one binary column (at most 64 KiB, above the domain's size limit).
 */
const DOC_ROW = 'branding';
const imageRowKey = (kind: string) => `${DOC_ROW}.${kind}`;
const imageInfo = z.object({ contentType: z.enum(['image/png', 'image/jpeg']), version: z.string() });
const brandingDoc: z.ZodType<Branding> = z.object({
  id: z.string(),
  backgroundColor: z.string().nullable(),
  signInPageText: z.string().nullable(),
  usernameHintText: z.string().nullable(),
  customPrivacyAndCookiesText: z.string().nullable(),
  customPrivacyAndCookiesUrl: z.string().nullable(),
  customTermsOfUseText: z.string().nullable(),
  customTermsOfUseUrl: z.string().nullable(),
  images: z.object({ bannerLogo: imageInfo.optional(), squareLogo: imageInfo.optional() }),
  modifiedAt: z.string(),
});

const imageRow = z.looseObject({ contentType: z.string(), bytes: z.instanceof(Uint8Array) });

export function createTableBrandingRepository(table: TableClient): BrandingRepository {
  const docs = createTableCollection(table, 'organizational branding', brandingDoc, { indexes: {} }, DOC_ROW);
  return {
    get: (id) => docs.get(id),
    async list() {
      // The default branding and one per locale: a handful of documents, read a page at a time.
      const all: Branding[] = [];
      let continuation: string | undefined;
      do {
        const page = await docs.page({}, { top: 100, continuation });
        all.push(...page.items);
        continuation = page.continuation;
      } while (continuation);
      return all;
    },
    insert: (branding) => docs.insert(branding, `The branding '${branding.id}' already exists.`),
    replace: (branding, etag) => docs.replace(branding, etag),
    remove: (id, etag) => docs.remove(id, etag),
    async image(id, kind) {
      const row = await readRow(table, imageRow, 'branding image', encodeKey(id), imageRowKey(kind));
      return row && { bytes: row.value.bytes, contentType: row.value.contentType };
    },
    async putImage(id, kind, bytes, contentType) {
      // The image row is overwritten as a whole; the branding document that names its version is ETag-checked.
      await table.upsertEntity({ partitionKey: encodeKey(id), rowKey: imageRowKey(kind), contentType, bytes }, 'Replace');
    },
    async removeImages(id) {
      for (const kind of BRANDING_IMAGES) await deleteRow(table, encodeKey(id), imageRowKey(kind));
    },
  };
}

