import { z } from 'zod';

/**
 * Helpers for the wire schemas the OpenAPI document is generated from: examples kept next to the
 * schema they illustrate (a test parses every one with its own schema, so an example cannot lie),
 * Graph's collection envelope, and the non-JSON bodies (pages, counts, files).
 */

/** The schema with a schema-valid example attached as metadata (zod's registry; `toJSONSchema` shows it). */
export function withExample<T extends z.ZodType>(schema: T, example: z.input<T>): T {
  return schema.meta({ examples: [example] }) as T;
}

/** The example attached by `withExample`, if any. */
export function exampleOf(schema: z.ZodType): unknown {
  const meta = z.globalRegistry.get(schema) as { examples?: unknown[] } | undefined;
  return meta?.examples?.[0];
}

/** Where the examples pretend to be served from. */
export const EXAMPLE_BASE = 'https://gatehouse.contoso.example/api/v1.0';

/**
 * A Graph collection: `{ "@odata.context", value: [...], "@odata.nextLink"?, "@odata.count"? }`;
 * `entitySet` names the set in the example's `@odata.context` (`users`, `groups('…')/members`).
 */
export function collectionOf<T extends z.ZodType>(item: T, entitySet: string) {
  const schema = z.object({
    '@odata.context': z.string(),
    '@odata.count': z.number().int().min(0).optional(),
    '@odata.nextLink': z.string().optional(),
    value: z.array(item),
  });
  const sample = exampleOf(item);
  return sample === undefined ? schema : withExample(schema, { '@odata.context': `${EXAMPLE_BASE}/$metadata#${entitySet}`, value: [sample as z.input<T>] });
}

/** `{ value: [...] }` without Graph's annotations (function results such as `getMemberGroups`). */
export function valuesOf<T extends z.ZodType>(item: T) {
  const schema = z.object({ value: z.array(item) });
  const sample = exampleOf(item);
  return sample === undefined ? schema : withExample(schema, { value: [sample as z.input<T>] });
}

/** An HTML page (sign-in, redemption, My Access): what a browser shows, not an API shape. */
export const htmlPage = withExample(z.string(), '<!doctype html><html lang="en"><head><title>Gatehouse</title></head><body>…</body></html>');

/** An HTML page answer for a `responses` entry. */
export const html = (description: string) => ({ description, schema: htmlPage, contentType: 'text/html' });

/** `/$count`: the number as text. */
export const countText = { description: 'The count (text/plain)', schema: withExample(z.string().regex(/^\d+$/), '42'), contentType: 'text/plain' };

/** A directory object id (GUID) in examples. */
export const EXAMPLE_ID = '5f1c2a3b-7d4e-4f60-9a81-0b2c3d4e5f60';
/** A second one, for the other side of a relationship. */
export const EXAMPLE_ID_2 = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
/** A timestamp in examples. */
export const EXAMPLE_TIME = '2026-03-01T09:30:00Z';

/**
 * Ties a wire function to the schema the document shows for its answer: a type error when what the
 * function builds no longer fits (nothing happens at run time).
 */
export function answers<S extends z.ZodType>(_schema: S, _wire: (...args: never[]) => z.input<S>): void {}
