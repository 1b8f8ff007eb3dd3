import { z } from 'zod';
import { textIssues } from '../domain/clean-text';

/**
 * The rules every JSON request body meets before its route's own schema sees it, applied once by
 * `endpoint()` to every POST, PATCH and PUT body:
 *
 * - **Clean text** (`src/domain/clean-text.ts`), in every string and property name; a 400 names
 *   the property.
 * - **No unknown properties.** Every object of the route's schema refuses keys it does not declare
 *   (400 naming the property), unless the schema chose otherwise with `.passthrough()`/`.catchall()`.
 *   Graph's type annotation `@odata.type`, which documented bodies carry on many objects, is
 *   accepted everywhere and dropped where the schema does not use it.
 */

/** `@odata.type` where a schema does not declare it: accepted (a string), then dropped. */
const ODATA_TYPE = '@odata.type';
const ignoredAnnotation = z.string().max(256).optional().transform(() => undefined);

/** Removes the `@odata.type: undefined` entries `ignoredAnnotation` leaves in plain objects. */
function dropIgnoredAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) value.forEach(dropIgnoredAnnotations);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    if (ODATA_TYPE in record && record[ODATA_TYPE] === undefined) delete record[ODATA_TYPE];
    Object.values(record).forEach(dropIgnoredAnnotations);
  }
  return value;
}

/** A JSON value whose text is clean (see above); the issues name each property. */
const cleanJson = z.unknown().superRefine((value, ctx) => {
  for (const issue of textIssues(value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

type Def = Record<string, unknown> & { type: string; catchall?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
// Schemas, not checks: both carry `_zod`, only schemas can run.
const isSchema = (v: unknown): v is z.ZodType => typeof v === 'object' && v !== null && typeof (v as { _zod?: { run?: unknown } })._zod?.run === 'function';

/**
 * The same schema with every object that would silently drop unknown keys (zod's default) made
 * strict, however deep (optional, nullable, arrays, unions, pipes, defaults, records, lazies…).
 * Objects with an explicit `catchall`/`passthrough` are kept as their author chose.
 */
export function strictObjects<T extends z.ZodType>(schema: T): T {
  const seen = new Map<z.ZodType, z.ZodType>();
  const walk = (s: z.ZodType): z.ZodType => {
    const done = seen.get(s);
    if (done) return done;
    const def = defOf(s);
    if (def.type === 'lazy') {
      const getter = def['getter'] as () => z.ZodType;
      const lazy = z.lazy(() => walk(getter()));
      seen.set(s, lazy);
      return lazy;
    }
    const next: Record<string, unknown> = { ...def };
    let changed = false;
    for (const [key, value] of Object.entries(def)) {
      if (key === 'checks') continue;
      if (key === 'shape' && value && typeof value === 'object') {
        const shape: Record<string, z.ZodType> = {};
        for (const [k, v] of Object.entries(value as Record<string, z.ZodType>)) {
          shape[k] = walk(v);
          if (shape[k] !== v) changed = true;
        }
        next['shape'] = shape;
      } else if (isSchema(value) && key !== 'catchall') {
        next[key] = walk(value);
        if (next[key] !== value) changed = true;
      } else if (Array.isArray(value) && value.every(isSchema)) {
        next[key] = value.map(walk);
        if ((next[key] as z.ZodType[]).some((v, i) => v !== value[i])) changed = true;
      }
    }
    if (def.type === 'object' && def.catchall === undefined) {
      next['catchall'] = z.never();
      const shape = (next['shape'] ?? def.shape) as Record<string, z.ZodType>;
      if (!(ODATA_TYPE in shape)) next['shape'] = { ...shape, [ODATA_TYPE]: ignoredAnnotation };
      changed = true;
    }
    const out = changed ? (s as unknown as { clone(def: unknown): z.ZodType }).clone(next) : s;
    seen.set(s, out);
    return out;
  };
  return walk(schema) as T;
}

/**
 * A route's body schema as `endpoint()` parses with it (`parse`): clean text first (so a refused
 * character is named even in an unknown property), then the route's schema with unknown keys
 * refused (`strict`, which the OpenAPI document describes).
 */
export function boundaryBody<T>(schema: z.ZodType<T>): { strict: z.ZodType<T>; parse: z.ZodType<T> } {
  const strict = strictObjects(schema);
  return { strict, parse: cleanJson.pipe(strict).transform(dropIgnoredAnnotations) as unknown as z.ZodType<T> };
}

/**
 * A JSON answer that every strict parser accepts: a string holding an unpaired surrogate (a row
 * written before the input rules, say) is sent with U+FFFD in its place instead of an escape that
 * is not valid UTF-8. Values are copied only where one is found.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function wellFormedJson<T>(value: T): T {
  if (typeof value === 'string') return (LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATES, '\uFFFD') : value) as T;
  if (Array.isArray(value)) {
    const items = value.map(wellFormedJson);
    return (items.some((v, i) => v !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const key = wellFormedJson(k);
      const item = wellFormedJson(v);
      if (key !== k || item !== v) copy ??= { ...(value as Record<string, unknown>) };
      if (copy) {
        if (key !== k) delete copy[k];
        copy[key] = item;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}
