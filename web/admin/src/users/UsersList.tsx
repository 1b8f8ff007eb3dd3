import { Button, Field, SearchBox, Switch, Table, TableBody, TableCell, TableHeader, TableRow, TableHeaderCell } from '@fluentui/react-components';
import { useState } from 'react';
import { useAccess } from '../app/access';
import { Link, navigate } from '../app/router';
import { useLocale } from '../i18n';
import { PageHeader, useCommonStyles } from '../shell/common';
import { ListFooter, useDebounced, usePagedList, useServerSort } from '../shell/paged';
import { EVENTUAL, LIST_SELECT, userFilter, type UserRow } from './users-api';

/** The columns GET /users sorts by ($orderby, both directions; createdDateTime and any sort of a filtered list as advanced queries). */
type SortKey = 'displayName' | 'userPrincipalName' | 'createdDateTime';

/** All users, paged, searched and sorted by the server, with a guest filter. */
export function UsersList() {
  const { t, formatDate } = useLocale();
  const { canInvite, canManageUsers } = useAccess();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const [guestsOnly, setGuestsOnly] = useState(false);
  const { sort, orderby, header } = useServerSort<SortKey>({ displayName: 'both', userPrincipalName: 'both', createdDateTime: 'both' }, { key: 'displayName', descending: false });
  // The advanced-query header and $count=true let the API sort a filtered list and by createdDateTime.
  const list = usePagedList<UserRow>('/users', { $select: LIST_SELECT, $top: '25', $filter: userFilter(term, guestsOnly), $orderby: orderby, $count: 'true' }, [term, guestsOnly, sort.key, sort.descending], EVENTUAL);
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
      <div className={s.tableWrap}>
        <Table aria-label={t.usersTitle} size="small">
          <TableHeader>
            <TableRow>
              {header('displayName', t.colDisplayName)}
              {header('userPrincipalName', t.colUpn)}
              <TableHeaderCell>{t.colUserType}</TableHeaderCell>
              <TableHeaderCell>{t.colInvitationState}</TableHeaderCell>
              <TableHeaderCell>{t.colCreationType}</TableHeaderCell>
              {header('createdDateTime', t.colCreated)}
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((u) => (
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
      <ListFooter state={list} empty={t.noUsers} />
    </>
  );
}
