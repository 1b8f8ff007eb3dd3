import type { OrderBy } from '../../domain/query/order';
import { clip } from './lexer';
import { err, ok, type Result } from './result';

/**
 * Parses `$orderby` (`displayName`, `displayName desc`, `createdDateTime asc`) against the
 * properties an endpoint sorts by. Graph sorts directory lists by one property only.
 */
export function parseOrderBy(text: string, sortable: readonly string[], resource: string): Result<OrderBy> {
  const match = /^\s*([A-Za-z][A-Za-z0-9]*)(?:\s+(asc|desc))?\s*$/i.exec(text);
  if (!match) {
    const many = text.includes(',');
    return err({ code: 'unsupportedQuery', message: many ? `Sorting by more than one property is not supported for resource '${resource}'.` : `Invalid $orderby: '${clip(text)}'.` });
  }
  const property = sortable.find((p) => p.toLowerCase() === match[1]!.toLowerCase());
  if (!property) {
    return err({ code: 'unsupportedQuery', message: `Sorting by property '${clip(match[1]!)}' is not supported for resource '${resource}' (sortable: ${sortable.join(', ')}).` });
  }
  return ok({ property, descending: match[2]?.toLowerCase() === 'desc' });
}
