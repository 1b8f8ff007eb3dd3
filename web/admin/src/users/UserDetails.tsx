import { Button, Tab, TabList, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { navigate } from '../app/router';
import { useLocale } from '../i18n';
import { ConfirmDialog, ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { B2BTile } from './B2BTile';
import { PropertiesTab } from './PropertiesTab';
import type { UserRow } from './users-api';

type TabName = 'overview' | 'properties' | 'groups' | 'applications' | 'roles';

/** One user: overview with the B2B collaboration tile, editable properties, memberships, roles. */
export function UserDetails({ id }: { id: string }) {
  const { t, formatDate } = useLocale();
  const access = useAccess();
  const s = useCommonStyles();
  const [tab, setTab] = useState<TabName>('overview');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const user = useLoad(() => access.api.api(`/users/${id}`).get() as Promise<UserRow>, [id]);

  if (user.error) return <ErrorBar error={user.error} onReload={user.reload} />;
  if (!user.data) return <Loading />;
  const u = user.data;

  const remove = async () => {
    setConfirmDelete(false);
    try {
      await access.api.api(`/users/${id}`).delete();
      navigate('deleted-users');
    } catch (e) {
      setActionError(apiError(e));
    }
  };

  return (
    <>
      <PageHeader title={u.displayName}>
        {access.canManageUsers ? <Button onClick={() => setConfirmDelete(true)}>{t.deleteUser}</Button> : null}
      </PageHeader>
      {actionError ? <ErrorBar error={actionError} onReload={user.reload} /> : null}
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabName)} aria-label={u.displayName}>
        <Tab value="overview">{t.tabOverview}</Tab>
        <Tab value="properties">{t.tabProperties}</Tab>
        <Tab value="groups">{t.tabGroups}</Tab>
        <Tab value="applications">{t.tabApplications}</Tab>
        {access.canAssignRoles ? <Tab value="roles">{t.tabRoles}</Tab> : null}
      </TabList>
      <div role="tabpanel" aria-label={tab} className={s.stack} style={{ marginTop: 16 }}>
        {tab === 'overview' ? (
          <>
            <dl className={s.dl}>
              <dt>{t.colUpn}</dt>
              <dd>{u.userPrincipalName}</dd>
              <dt>{t.email}</dt>
              <dd>{u.mail ?? '—'}</dd>
              <dt>{t.colUserType}</dt>
              <dd>{t.userTypeName(u.userType ?? '')}</dd>
              <dt>{t.colCreationType}</dt>
              <dd>{u.creationType ?? '—'}</dd>
              <dt>{t.colCreated}</dt>
              <dd>{formatDate(u.createdDateTime)}</dd>
            </dl>
            {u.creationType === 'Invitation' || u.userType === 'Guest' ? <B2BTile user={u} onChanged={user.reload} /> : null}
          </>
        ) : null}
        {tab === 'properties' ? <PropertiesTab user={u} onSaved={user.reload} /> : null}
        {tab === 'groups' ? <GroupsTab id={id} /> : null}
        {tab === 'applications' ? <AppsTab id={id} /> : null}
        {tab === 'roles' ? <RolesTab id={id} /> : null}
      </div>
      <ConfirmDialog open={confirmDelete} title={t.deleteConfirmTitle} body={t.deleteConfirmBody(u.displayName)} confirm={t.deleteUser} onConfirm={() => void remove()} onCancel={() => setConfirmDelete(false)} />
    </>
  );
}

function SimpleTable({ label, columns, rows, empty }: { label: string; columns: string[]; rows: string[][]; empty: string }) {
  const s = useCommonStyles();
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <div className={s.tableWrap}>
      <Table aria-label={label} size="small">
        <TableHeader>
          <TableRow>
            {columns.map((c) => (
              <TableHeaderCell key={c}>{c}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) => (
                <TableCell key={j}>{c}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function GroupsTab({ id }: { id: string }) {
  const { t } = useLocale();
  const { api } = useAccess();
  const groups = useLoad(() => api.api(`/users/${id}/memberOf`).get() as Promise<{ value: { displayName: string; description?: string | null }[] }>, [id]);
  if (groups.error) return <ErrorBar error={groups.error} onReload={groups.reload} />;
  if (!groups.data) return <Loading />;
  return <SimpleTable label={t.tabGroups} columns={[t.colName, t.colDescription]} rows={groups.data.value.map((g) => [g.displayName, g.description ?? ''])} empty={t.noGroups} />;
}

function AppsTab({ id }: { id: string }) {
  const { t } = useLocale();
  const { api } = useAccess();
  const apps = useLoad(() => api.api(`/users/${id}/appRoleAssignments`).get() as Promise<{ value: { resourceDisplayName: string; appRoleId: string }[] }>, [id]);
  if (apps.error) return <ErrorBar error={apps.error} onReload={apps.reload} />;
  if (!apps.data) return <Loading />;
  return <SimpleTable label={t.tabApplications} columns={[t.colApplication, t.colRole]} rows={apps.data.value.map((a) => [a.resourceDisplayName, a.appRoleId])} empty={t.noApps} />;
}

function RolesTab({ id }: { id: string }) {
  const { t } = useLocale();
  const { api } = useAccess();
  const roles = useLoad(async () => {
    const [assignments, definitions] = await Promise.all([
      api.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${id}'`).get() as Promise<{ value: { roleDefinitionId: string }[] }>,
      api.api('/roleManagement/directory/roleDefinitions').get() as Promise<{ value: { id: string; displayName: string; description: string }[] }>,
    ]);
    return assignments.value.map((a) => definitions.value.find((d) => d.id === a.roleDefinitionId)).filter((d) => d !== undefined);
  }, [id]);
  if (roles.error) return <ErrorBar error={roles.error} onReload={roles.reload} />;
  if (!roles.data) return <Loading />;
  return <SimpleTable label={t.tabRoles} columns={[t.colRole, t.colDescription]} rows={roles.data.map((r) => [r.displayName, r.description])} empty={t.noRoles} />;
}

export { Notice };
