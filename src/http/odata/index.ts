/**
 * OData query options shared by every Gatehouse list endpoint: `$filter` (Graph's subset),
 * `$select`, `$top`, `$skiptoken` paging and `@odata.context`. Pure TypeScript: no Azure SDK.
 */
export type { CompareOperator, CompiledFilter, FilterFunction, FilterNode, Literal, PropertyPath } from '../../domain/query/filter-ast';
export { pathText } from '../../domain/query/filter-ast';
export type { ODataError, ODataErrorCode, Result } from './result';
export { ok, err } from './result';
export type { FilterOperator, FilterSpec, ListQuerySpec, PropertySpec, PropertyType, ScalarType } from './spec';
export { tokenize, MAX_FILTER_LENGTH, type Token, type TokenKind } from './lexer';
export { parseFilter } from './filter';
export { printFilter, printLiteral } from './print-filter';
export { compileFilter } from './compile-filter';
export { matchesFilter } from '../../domain/query/evaluate-filter';
export { parseSelect, projectSelected } from './select';
export { parseListQuery, parseTop, MAX_TOP, type ListQuery } from './list-query';
export { buildNextLink, createSkipToken, queryOptionsHash, readSkipToken, type SkipTokenState } from './paging';
export { odataContext } from './context';
export { parseSearch } from './search';
export { parseOrderBy } from './orderby';
export { parseAdvancedListQuery, advancedOperators, isEventual, type AdvancedListQuery, type AdvancedListQuerySpec } from './advanced-query';
export type { SearchNode } from '../../domain/query/search';
export type { OrderBy } from '../../domain/query/order';
