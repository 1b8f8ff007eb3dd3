import { Button, Field, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link, usePath } from '../app/router';
import { useLocale } from '../i18n';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { ConfirmDialog, ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { EVENTUAL, odataString } from '../users/users-api';
import { ListFooter, useDebounced, usePagedList, useServerSort } from '../shell/paged';
import { navigate } from '../app/router';
import { NewGroup } from './NewGroup';

type Group = { id: string; displayName: string; description?: string | null; membershipRule?: string | null; createdDateTime?: string | null };
type Member = { id: string; displayName: string; userPrincipalName?: string; userType?: string | null };

/** Groups: the list (server-side search and paging) and a group's members, where guests are added. */
export default function GroupsArea() {
  const { segments } = usePath();
  if (segments[1] === 'new') return <NewGroup />;
  return segments[1] ? <GroupMembers id={segments[1]} /> : <GroupsList />;
}

function GroupsList() {
  const { t, formatDate } = useLocale();
  const { canManageUsers } = useAccess();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  // GET /groups sorts by displayName and (as an advanced query) createdDateTime, both directions.
  const { sort, orderby, header: sortHeader } = useServerSort<'displayName' | 'createdDateTime'>({ displayName: 'both', createdDateTime: 'both' }, { key: 'displayName', descending: false });
  const list = usePagedList<Group>(
    '/groups',
    { $top: '25', $select: 'id,displayName,description,membershipRule,createdDateTime', $filter: term ? `startsWith(displayName,${odataString(term)})` : undefined, $orderby: orderby, $count: 'true' },
    [term, sort.key, sort.descending],
    EVENTUAL,
  );
  return (
    <>
      <PageHeader title={t.groupsTitle}>
        {canManageUsers ? (
          <Button appearance="primary" onClick={() => navigate('groups/new')}>
            {t.newGroupTitle}
          </Button>
        ) : null}
      </PageHeader>
      <div className={s.toolbar} role="search">
        <Field label={t.searchGroups}>
          <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.groupsTitle} size="small">
          <TableHeader>
            <TableRow>
              {sortHeader('displayName', t.colName)}
              <TableHeaderCell>{t.colDescription}</TableHeaderCell>
              <TableHeaderCell>{t.membershipType}</TableHeaderCell>
              {sortHeader('createdDateTime', t.colCreated)}
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((g) => (
              <TableRow key={g.id}>
                <TableCell>
                  <Link to={`groups/${g.id}`}>{g.displayName}</Link>
                </TableCell>
                <TableCell>{g.description ?? ''}</TableCell>
                <TableCell>{g.membershipRule ? t.dynamic : t.assigned}</TableCell>
                <TableCell>{formatDate(g.createdDateTime)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={t.noMatches} />
    </>
  );
}

function GroupMembers({ id }: { id: string }) {
  const { t } = useLocale();
  const { api, canManageUsers } = useAccess();
  const s = useCommonStyles();
  const group = useLoad(() => api.api(`/groups/${id}`).get() as Promise<Group>, [id]);
  const members = usePagedList<Member>(`/groups/${id}/members`, { $top: '25' }, [id]);
  const [adding, setAdding] = useState<Picked | undefined>();
  const [removing, setRemoving] = useState<Member | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
      setNotice(done);
      members.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  if (group.error) return <ErrorBar error={group.error} onReload={group.reload} />;
  if (!group.data) return <Loading />;
  const dynamic = Boolean(group.data.membershipRule);
  return (
    <>
      <PageHeader title={group.data.displayName} />
      <p>{group.data.description}</p>
      {dynamic ? <p>{t.dynamicMembers(group.data.membershipRule ?? '')}</p> : null}
      {canManageUsers && !dynamic ? (
        <div className={s.toolbar}>
          <ObjectPicker label={t.userToAdd} path="/users" value={adding} onChange={setAdding} placeholder={t.managerSearch} />
          <Button
            appearance="primary"
            disabled={!adding}
            onClick={() => {
              const who = adding!;
              setAdding(undefined);
              void run(() => api.api(`/groups/${id}/members/$ref`).post({ '@odata.id': `${location.origin}/api/v1.0/directoryObjects/${who.id}` }), t.memberAdded(who.displayName));
            }}
          >
            {t.addMembers}
          </Button>
        </div>
      ) : null}
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? <ErrorBar error={error} onReload={members.reload} /> : null}
      <div className={s.tableWrap}>
        <Table aria-label={t.members} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colDisplayName}</TableHeaderCell>
              <TableHeaderCell>{t.colUpn}</TableHeaderCell>
              <TableHeaderCell>{t.colUserType}</TableHeaderCell>
              <TableHeaderCell>{t.remove}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.rows.map((m) => (
              <TableRow key={m.id}>
                <TableCell>{m.displayName}</TableCell>
                <TableCell>{m.userPrincipalName ?? ''}</TableCell>
                <TableCell>{t.userTypeName(m.userType ?? '')}</TableCell>
                <TableCell>
                  {canManageUsers && !dynamic ? (
                    <Button size="small" aria-label={`${t.remove} ${m.displayName}`} onClick={() => setRemoving(m)}>
                      {t.remove}
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={members} empty={t.noMembers} />
      {removing ? (
        <ConfirmDialog
          open
          title={t.removeMemberTitle}
          body={t.removeMemberBody(removing.displayName, group.data.displayName)}
          confirm={t.remove}
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            const who = removing;
            setRemoving(undefined);
            void run(() => api.api(`/groups/${id}/members/${who.id}/$ref`).delete(), t.memberRemoved(who.displayName));
          }}
        />
      ) : null}
    </>
  );
}
