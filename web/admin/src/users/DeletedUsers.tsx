import { Button, Field, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ConfirmDialog, ErrorBar, Notice, PageHeader, useCommonStyles } from '../shell/common';
import { ListFooter, useDebounced, usePagedList } from '../shell/paged';
import { odataString, type UserRow } from './users-api';

/** Soft-deleted users, searched and paged by the server, each restorable (with a confirmation). */
export function DeletedUsers() {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const list = usePagedList<UserRow>('/directory/deletedItems/microsoft.graph.user', { $top: '25', $filter: term ? `startsWith(displayName,${odataString(term)})` : undefined }, [term]);
  const [pending, setPending] = useState<UserRow | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();

  const restore = async (u: UserRow) => {
    setPending(undefined);
    setError(undefined);
    try {
      await api.api(`/directory/deletedItems/${u.id}/restore`).post({});
      setNotice(t.restored);
      list.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={t.deletedUsersTitle} />
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? <ErrorBar error={error} onReload={list.reload} /> : null}
      <div className={s.toolbar} role="search">
        <Field label={t.searchDeletedUsers}>
          <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.deletedUsersTitle} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colDisplayName}</TableHeaderCell>
              <TableHeaderCell>{t.colUpn}</TableHeaderCell>
              <TableHeaderCell>{t.colUserType}</TableHeaderCell>
              <TableHeaderCell>{t.colDeleted}</TableHeaderCell>
              <TableHeaderCell>
                {t.restore}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((u) => (
              <TableRow key={u.id}>
                <TableCell>{u.displayName}</TableCell>
                <TableCell>{u.userPrincipalName}</TableCell>
                <TableCell>{t.userTypeName(u.userType ?? '')}</TableCell>
                <TableCell>{formatDate(u.deletedDateTime)}</TableCell>
                <TableCell>
                  <Button size="small" onClick={() => setPending(u)} aria-label={`${t.restore} ${u.displayName}`}>
                    {t.restore}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={term ? t.noMatches : t.noDeletedUsers} />
      {pending ? (
        <ConfirmDialog open title={t.restoreConfirmTitle} body={t.restoreConfirmBody(pending.displayName)} confirm={t.restore} onConfirm={() => void restore(pending)} onCancel={() => setPending(undefined)} />
      ) : null}
    </>
  );
}
