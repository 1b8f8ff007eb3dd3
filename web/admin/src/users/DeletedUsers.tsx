import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ConfirmDialog, ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import type { UserRow } from './users-api';

/** Soft-deleted users, each restorable (with a confirmation). */
export function DeletedUsers() {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const list = useLoad(() => api.api('/directory/deletedItems/microsoft.graph.user').top(100).get() as Promise<{ value: UserRow[] }>, []);
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
      {list.error ? <ErrorBar error={list.error} onReload={list.reload} /> : null}
      {!list.data ? (
        list.loading ? <Loading /> : null
      ) : list.data.value.length === 0 ? (
        <p>{t.noDeletedUsers}</p>
      ) : (
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
              {list.data.value.map((u) => (
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
      )}
      {pending ? (
        <ConfirmDialog open title={t.restoreConfirmTitle} body={t.restoreConfirmBody(pending.displayName)} confirm={t.restore} onConfirm={() => void restore(pending)} onCancel={() => setPending(undefined)} />
      ) : null}
    </>
  );
}
