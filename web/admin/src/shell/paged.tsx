import { Button, TableHeaderCell } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
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
export function usePagedList<T>(path: string, query: Record<string, string | undefined>, key: unknown[]) {
  const { api } = useAccess();
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await listPage<T>(api, path, query, more ? next : undefined);
      setRows((r) => (more ? [...r, ...page.value] : page.value));
      setNext(page['@odata.nextLink']);
    } catch (e) {
      setError(apiError(e));
    } finally {
      setLoading(false);
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
 * Sorting of the rows loaded so far by one column. The API has no `$orderby` (Table Storage keeps
 * no index per column), so the order covers the pages loaded; the search narrows on the server.
 */
export function useSorted<T, K extends string>(rows: T[], initial: K, valueOf: (row: T, key: K) => string) {
  const { language } = useLocale();
  const [sort, setSort] = useState<Sort<K>>({ key: initial, descending: false });
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
    const out = [...rows].sort((a, b) => collator.compare(valueOf(a, sort.key), valueOf(b, sort.key)));
    return sort.descending ? out.reverse() : out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, sort, language]);
  const header = (key: K, label: string) => (
    <TableHeaderCell
      key={key}
      sortable
      sortDirection={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}
      onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }))}
    >
      {label}
    </TableHeaderCell>
  );
  return { sorted, sort, header };
}
