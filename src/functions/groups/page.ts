import type { HttpRequest } from '@azure/functions';
import { settings, skipTokenKey } from '../../deps';
import { listResponse, readListQuery } from '../../http/list';
import type { ListQuerySpec } from '../../http/odata';

/** The request as the list parser sees it when the endpoint handles `$expand` itself. */
export function withoutExpand(request: HttpRequest): HttpRequest {
  const url = new URL(request.url);
  for (const name of [...url.searchParams.keys()]) if (name.toLowerCase() === '$expand') url.searchParams.delete(name);
  return { url: url.toString(), headers: request.headers } as HttpRequest;
}

/** Reads the list options, runs `read` for one page and answers as a Graph collection. */
export async function page<T>(
  request: HttpRequest,
  spec: ListQuerySpec,
  entitySet: string,
  read: (page: { top: number; continuationToken: string | undefined }) => Promise<{ items: T[]; continuationToken: string | undefined }>,
  wire: (item: T) => Record<string, unknown>,
) {
  const pagingKey = await skipTokenKey();
  const { query, start } = readListQuery(request, spec, pagingKey);
  const result = await read({ top: query.top, continuationToken: start && 'continuation' in start ? start.continuation : undefined });
  return listResponse({
    request,
    publicBaseUrl: settings().PUBLIC_BASE_URL,
    entitySet,
    query,
    items: result.items.map(wire),
    next: result.continuationToken ? { continuation: result.continuationToken } : undefined,
    pagingKey,
  });
}
