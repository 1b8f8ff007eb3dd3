import { clip } from './lexer';
import { err, ok, type Result } from './result';

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses `$select` (`displayName,mail`) against the properties an endpoint lets clients select.
 * Names match case-insensitively and come back in the allowed spelling, without duplicates, in
 * the order given. Unknown or malformed names give `invalidSelect` in Graph's wording.
 */
export function parseSelect(text: string, selectable: readonly string[], entityType: string): Result<string[]> {
  const byLowerName = new Map(selectable.map((name) => [name.toLowerCase(), name]));
  const selected: string[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (!PROPERTY_NAME.test(name)) {
      const what = name === '' ? 'an empty property name' : `'${clip(name)}', which is not a property name`;
      return err({ code: 'invalidSelect', message: `Parsing OData Select and Expand failed: $select contains ${what}.` });
    }
    const known = byLowerName.get(name.toLowerCase());
    if (known === undefined) {
      return err({
        code: 'invalidSelect',
        message: `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${entityType}'.`,
      });
    }
    if (!selected.includes(known)) selected.push(known);
  }
  return ok(selected);
}

/**
 * Keeps only the selected properties of a Graph-shaped object, plus `id` and `@odata.type`
 * whenever the object has them (Graph always returns those). A selected property the object
 * lacks comes back as `null`, as Graph shows unset properties. Without `select`, returns the
 * object unchanged.
 */
export function projectSelected<T extends Record<string, unknown>>(
  object: T,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  if (select === undefined) return object;
  const projected: Record<string, unknown> = {};
  for (const always of ['@odata.type', 'id']) {
    if (Object.hasOwn(object, always)) projected[always] = object[always];
  }
  for (const name of select) {
    projected[name] = Object.hasOwn(object, name) ? object[name] : null;
  }
  return projected;
}
