import { Button, Field, SearchBox, Switch, Table, TableBody, TableCell, TableHeader, TableRow } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link, navigate } from '../app/router';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, PageHeader, useCommonStyles } from '../shell/common';
import { useSorted } from '../shell/paged';
import { LIST_SELECT, listPage, userFilter, type UserRow } from './users-api';

type SortKey = 'displayName' | 'userPrincipalName' | 'userType' | 'externalUserState' | 'creationType' | 'createdDateTime';

/** All users, paged by the server, with a search box and a guest filter. */
export function UsersList() {
  const { t, formatDate } = useLocale();
  const { api, canInvite, canManageUsers } = useAccess();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  const [guestsOnly, setGuestsOnly] = useState(false);
  const [rows, setRows] = useState<UserRow[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setTerm(search), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await listPage<UserRow>(api, '/users', { $select: LIST_SELECT, $top: '25', $filter: userFilter(term, guestsOnly) }, more ? next : undefined);
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
  }, [term, guestsOnly, tick]);

  const { sorted, header } = useSorted(rows, 'displayName' as SortKey, (u, key) => String(u[key] ?? ''));
  return (
    <>
      <PageHeader title={t.usersTitle}>
        {canInvite ? (
          <>
            <Button appearance="primary" onClick={() => navigate('users/invite')}>
              {t.inviteExternalUser}
            </Button>
            <Button onClick={() => navigate('users/bulk-invite')}>{t.bulkInviteTitle}</Button>
          </>
        ) : null}
        {canManageUsers ? <Button onClick={() => navigate('users/new')}>{t.newUserTitle}</Button> : null}
      </PageHeader>
      <div className={s.toolbar} role="search">
        <Field label={t.searchUsers}>
          <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
        <Switch label={t.guestsOnly} checked={guestsOnly} onChange={(_, d) => setGuestsOnly(d.checked)} />
      </div>
      {error ? <ErrorBar error={error} onReload={() => setTick((n) => n + 1)} /> : null}
      <div className={s.tableWrap}>
        <Table aria-label={t.usersTitle} size="small" sortable>
          <TableHeader>
            <TableRow>
              {header('displayName', t.colDisplayName)}
              {header('userPrincipalName', t.colUpn)}
              {header('userType', t.colUserType)}
              {header('externalUserState', t.colInvitationState)}
              {header('creationType', t.colCreationType)}
              {header('createdDateTime', t.colCreated)}
            </TableRow>
          </TableHeader>
          <TableBody>
            {sorted.map((u) => (
              <TableRow key={u.id}>
                <TableCell>
                  <Link to={`users/${u.id}`}>{u.displayName}</Link>
                </TableCell>
                <TableCell>{u.userPrincipalName}</TableCell>
                <TableCell>{t.userTypeName(u.userType ?? '')}</TableCell>
                <TableCell>{u.externalUserState ?? ''}</TableCell>
                <TableCell>{u.creationType ?? ''}</TableCell>
                <TableCell>{formatDate(u.createdDateTime)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {!loading && !error && rows.length === 0 ? <p>{t.noUsers}</p> : null}
      {loading ? <Loading /> : null}
      {next && !loading ? (
        <p>
          <Button onClick={() => void load(true)}>{t.loadMore}</Button>
        </p>
      ) : null}
    </>
  );
}
