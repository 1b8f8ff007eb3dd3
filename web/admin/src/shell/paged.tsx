import { Button, TableHeaderCell } from '@fluentui/react-components';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { listPage } from '../users/users-api';
import { ErrorBar, Loading } from './common';

/** A search term that follows the box 300 ms later, so typing does not send a request per key. */
export function useDebounced(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value.trim()), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A server-paged list: the first page for `path` + `query`, then the next ones the API links to
 * (`@odata.nextLink`), with loading and error state. Changing `key` starts over.
 */
export function usePagedList<T>(path: string, query: Record<string, string | undefined>, key: unknown[], headers?: Record<string, string>) {
  const { api } = useAccess();
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // Each new query starts a generation; a late answer of an earlier one (a search typed on, a
  // header clicked again) is dropped instead of replacing the rows of the current one.
  const generation = useRef(0);
  const load = async (more: boolean) => {
    const mine = more ? generation.current : ++generation.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await listPage<T>(api, path, query, more ? next : undefined, headers);
      if (mine !== generation.current) return;
      setRows((r) => (more ? [...r, ...page.value] : page.value));
      setNext(page['@odata.nextLink']);
    } catch (e) {
      if (mine === generation.current) setError(apiError(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  };
  useEffect(() => {
    void load(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...key, tick]);
  return { rows, next, error, loading, loadMore: () => void load(true), reload: () => setTick((n) => n + 1) };
}

/** Under a paged table: the API's error, the loading spinner, the empty text, "Load more". */
export function ListFooter({ state, empty }: { state: { rows: unknown[]; next?: string | undefined; error?: ApiError | undefined; loading: boolean; loadMore(): void; reload(): void }; empty: string }): ReactNode {
  const { t } = useLocale();
  return (
    <>
      {state.error ? <ErrorBar error={state.error} onReload={state.reload} /> : null}
      {!state.loading && !state.error && state.rows.length === 0 ? <p>{empty}</p> : null}
      {state.loading ? <Loading /> : null}
      {state.next && !state.loading ? (
        <p>
          <Button onClick={state.loadMore}>{t.loadMore}</Button>
        </p>
      ) : null}
    </>
  );
}

export type Sort<K extends string> = { key: K; descending: boolean };

/**
 * How a list may be ordered by the server, per column: `both` directions (the header toggles),
 * or one fixed order the collection always keeps (`asc`/`desc`: the header shows it and does not
 * toggle). Columns not named are not sortable: the console never sorts one page on the client.
 */
export type ServerOrders<K extends string> = Partial<Record<K, 'both' | 'asc' | 'desc'>>;

/**
 * Server-side sorting: the `$orderby` to send for the chosen column and the column headers
 * (`aria-sort` on the sorted one). Put `orderby` in the list's query and `sort` in its key. The
 * table itself is not `sortable` (that would make every header a button): only these headers are.
 */
export function useServerSort<K extends string>(orders: ServerOrders<K>, initial: Sort<K>) {
  const [sort, setSort] = useState<Sort<K>>(initial);
  const orderby = `${sort.key}${sort.descending ? ' desc' : ''}`;
  const header = (key: K, label: string) => {
    const can = orders[key];
    const direction = sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined;
    if (can !== 'both') {
      return (
        // The order the server keeps is announced (aria-sort) and shown, but there is nothing to toggle.
        <TableHeaderCell key={key} sortable={false} sortDirection={direction} aria-sort={direction}>
          {label}
        </TableHeaderCell>
      );
    }
    return (
      <TableHeaderCell key={key} sortable sortDirection={direction} onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }))}>
        {label}
      </TableHeaderCell>
    );
  };
  return { sort, orderby, header };
}
