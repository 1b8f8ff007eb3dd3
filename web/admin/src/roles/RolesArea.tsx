import { Button, Field, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link, usePath } from '../app/router';
import { useLocale } from '../i18n';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { ConfirmDialog, ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { ListFooter, useDebounced, usePagedList } from '../shell/paged';
import { odataString } from '../users/users-api';

type RoleDefinition = { id: string; displayName: string; description?: string; isBuiltIn?: boolean };
type RoleAssignment = { id: string; principalId: string; roleDefinitionId: string };
type Member = RoleAssignment & { displayName: string; userPrincipalName: string };

const BASE = '/roleManagement/directory';

/** Directory roles (Graph's /roleManagement/directory): the built-in roles and each role's members. */
export default function RolesArea() {
  const { segments } = usePath();
  return segments[1] ? <RoleMembers id={segments[1]} /> : <RolesList />;
}

function RolesList() {
  const { t } = useLocale();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const list = usePagedList<RoleDefinition>(`${BASE}/roleDefinitions`, { $select: 'id,displayName,description,isBuiltIn', $filter: term ? `startsWith(displayName,${odataString(term)})` : undefined }, [term]);
  return (
    <>
      <PageHeader title={t.rolesTitle} />
      <div className={s.toolbar} role="search">
        <Field label={t.searchRoles}>
          <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.rolesTitle} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colName}</TableHeaderCell>
              <TableHeaderCell>{t.colDescription}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  <Link to={`roles/${r.id}`}>{r.displayName}</Link>
                </TableCell>
                <TableCell>{r.description ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={t.noRolesMatch} />
    </>
  );
}

function RoleMembers({ id }: { id: string }) {
  const { t } = useLocale();
  const { api, canAssignRoles } = useAccess();
  const s = useCommonStyles();
  const role = useLoad(() => api.api(`${BASE}/roleDefinitions/${id}`).get() as Promise<RoleDefinition>, [id]);
  const members = useLoad(async () => {
    const page = (await api.api(`${BASE}/roleAssignments`).filter(`roleDefinitionId eq ${odataString(id)}`).get()) as { value: RoleAssignment[] };
    // Role assignments name principals by id (no $expand here): one small read per member.
    return Promise.all(
      page.value.map(async (a): Promise<Member> => {
        try {
          const u = (await api.api(`/users/${a.principalId}`).select('displayName,userPrincipalName').get()) as { displayName: string; userPrincipalName: string };
          return { ...a, displayName: u.displayName, userPrincipalName: u.userPrincipalName };
        } catch {
          return { ...a, displayName: a.principalId, userPrincipalName: '' };
        }
      }),
    );
  }, [id]);
  const [picked, setPicked] = useState<Picked | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState('');
  const [removing, setRemoving] = useState<Member | undefined>();
  if (role.loading && !role.data) return <Loading />;
  if (role.error || !role.data) return role.error ? <ErrorBar error={role.error} onReload={role.reload} /> : null;
  const add = async () => {
    if (!picked) return;
    setError(undefined);
    try {
      await api.api(`${BASE}/roleAssignments`).post({ principalId: picked.id, roleDefinitionId: id, directoryScopeId: '/' });
      setNotice(t.roleMemberAdded(picked.displayName, role.data!.displayName));
      setPicked(undefined);
      members.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  const remove = async (m: Member) => {
    setRemoving(undefined);
    setError(undefined);
    try {
      await api.api(`${BASE}/roleAssignments/${m.id}`).delete();
      setNotice(t.memberRemoved(m.displayName));
      members.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={role.data.displayName} />
      <p>
        <Link to="roles">{t.backToRoles}</Link>
      </p>
      <div className={s.stack}>
        {role.data.description ? <p>{role.data.description}</p> : null}
        <h2 className={s.h2}>{t.members}</h2>
        {notice ? <Notice>{notice}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={members.reload} /> : null}
        {canAssignRoles ? (
          <div className={s.row}>
            <ObjectPicker label={t.userToAdd} path="/users" value={picked} onChange={setPicked} />
            <Button appearance="primary" disabled={!picked} onClick={() => void add()}>
              {t.addMembers}
            </Button>
          </div>
        ) : null}
        {members.error ? <ErrorBar error={members.error} onReload={members.reload} /> : null}
        {members.loading ? <Loading /> : null}
        {members.data && members.data.length === 0 ? <p>{t.noMembers}</p> : null}
        {members.data && members.data.length > 0 ? (
          <div className={s.tableWrap}>
            <Table aria-label={t.members} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.colDisplayName}</TableHeaderCell>
                  <TableHeaderCell>{t.colUpn}</TableHeaderCell>
                  {canAssignRoles ? <TableHeaderCell>{t.colActions}</TableHeaderCell> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {members.data.map((m) => (
                  <TableRow key={m.id}>
                    <TableCell>
                      <Link to={`users/${m.principalId}`}>{m.displayName}</Link>
                    </TableCell>
                    <TableCell>{m.userPrincipalName}</TableCell>
                    {canAssignRoles ? (
                      <TableCell>
                        <Button size="small" onClick={() => setRemoving(m)} aria-label={t.removeNamed(m.displayName)}>
                          {t.remove}
                        </Button>
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
      </div>
      <ConfirmDialog
        open={!!removing}
        title={t.removeRoleMemberTitle}
        body={removing ? t.removeRoleMemberBody(removing.displayName, role.data.displayName) : ''}
        confirm={t.remove}
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(undefined)}
      />
    </>
  );
}
