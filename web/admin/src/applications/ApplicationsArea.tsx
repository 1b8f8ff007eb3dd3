import { Button, Field, Radio, RadioGroup, SearchBox, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link, usePath } from '../app/router';
import { useLocale } from '../i18n';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { ConfirmDialog, ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { ListFooter, useDebounced, usePagedList } from '../shell/paged';
import { odataString } from '../users/users-api';

type AppRole = { id: string; displayName: string; description?: string; value?: string | null; isEnabled?: boolean };
type ServicePrincipal = { id: string; appId: string; displayName: string; appRoleAssignmentRequired?: boolean; appRoles?: AppRole[] };
type Assignment = { id: string; appRoleId: string; principalId: string; principalType: string; principalDisplayName: string; createdDateTime?: string };

/** The Graph default role an assignment without an app role uses. */
const DEFAULT_ROLE = '00000000-0000-0000-0000-000000000000';

/** Enterprise applications: the list, and one application's app roles and who is assigned. */
export default function ApplicationsArea() {
  const { segments } = usePath();
  return segments[1] ? <ApplicationDetails id={segments[1]} /> : <ApplicationsList />;
}

function ApplicationsList() {
  const { t } = useLocale();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const list = usePagedList<ServicePrincipal>('/servicePrincipals', { $top: '25', $select: 'id,appId,displayName,appRoleAssignmentRequired', $filter: term ? `startsWith(displayName,${odataString(term)})` : undefined }, [term]);
  return (
    <>
      <PageHeader title={t.appsTitle} />
      <div className={s.toolbar} role="search">
        <Field label={t.searchApps}>
          <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.appsTitle} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colName}</TableHeaderCell>
              <TableHeaderCell>{t.colAppId}</TableHeaderCell>
              <TableHeaderCell>{t.colAssignmentRequired}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((sp) => (
              <TableRow key={sp.id}>
                <TableCell>
                  <Link to={`applications/${sp.id}`}>{sp.displayName}</Link>
                </TableCell>
                <TableCell>{sp.appId}</TableCell>
                <TableCell>{sp.appRoleAssignmentRequired ? t.yes : t.no}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={t.noAppsMatch} />
    </>
  );
}

function ApplicationDetails({ id }: { id: string }) {
  const { t, formatDate } = useLocale();
  const { api, canManageUsers } = useAccess();
  const s = useCommonStyles();
  const app = useLoad(() => api.api(`/servicePrincipals/${id}`).get() as Promise<ServicePrincipal>, [id]);
  const assignments = usePagedList<Assignment>(`/servicePrincipals/${id}/appRoleAssignedTo`, { $top: '50' }, [id]);
  const [kind, setKind] = useState<'user' | 'group'>('user');
  const [principal, setPrincipal] = useState<Picked | undefined>();
  const [roleId, setRoleId] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState('');
  const [removing, setRemoving] = useState<Assignment | undefined>();
  if (app.loading && !app.data) return <Loading />;
  if (app.error || !app.data) return app.error ? <ErrorBar error={app.error} onReload={app.reload} /> : null;
  const sp = app.data;
  const roles = (sp.appRoles ?? []).filter((r) => r.isEnabled !== false);
  const roleName = (appRoleId: string) => roles.find((r) => r.id === appRoleId)?.displayName ?? (appRoleId === DEFAULT_ROLE ? t.defaultAccess : appRoleId);
  const assign = async () => {
    if (!principal) return;
    setError(undefined);
    try {
      await api.api(`/servicePrincipals/${id}/appRoleAssignedTo`).post({ principalId: principal.id, resourceId: id, appRoleId: roleId || roles[0]?.id || DEFAULT_ROLE });
      setNotice(t.assignmentAdded(principal.displayName));
      setPrincipal(undefined);
      assignments.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  const remove = async (a: Assignment) => {
    setRemoving(undefined);
    setError(undefined);
    try {
      await api.api(`/servicePrincipals/${id}/appRoleAssignedTo/${a.id}`).delete();
      setNotice(t.assignmentRemoved(a.principalDisplayName));
      assignments.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={sp.displayName} />
      <p>
        <Link to="applications">{t.backToApps}</Link>
      </p>
      <div className={s.stack}>
        <dl className={s.dl}>
          <dt>{t.colAppId}</dt>
          <dd>{sp.appId}</dd>
          <dt>{t.colAssignmentRequired}</dt>
          <dd>{sp.appRoleAssignmentRequired ? t.yes : t.no}</dd>
        </dl>
        <h2 className={s.h2}>{t.appRoles}</h2>
        {roles.length === 0 ? (
          <p>{t.noAppRoles}</p>
        ) : (
          <ul>
            {roles.map((r) => (
              <li key={r.id}>
                <strong>{r.displayName}</strong>
                {r.value ? ` (${r.value})` : ''}
                {r.description ? `: ${r.description}` : ''}
              </li>
            ))}
          </ul>
        )}
        <h2 className={s.h2}>{t.usersAndGroups}</h2>
        {notice ? <Notice>{notice}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={assignments.reload} /> : null}
        {canManageUsers ? (
          <div className={s.card}>
            <RadioGroup layout="horizontal" aria-label={t.assignTo} value={kind} onChange={(_, d) => { setKind(d.value as 'user' | 'group'); setPrincipal(undefined); }}>
              <Radio value="user" label={t.userKind} />
              <Radio value="group" label={t.groupKind} />
            </RadioGroup>
            <ObjectPicker key={kind} label={kind === 'user' ? t.userToAssign : t.groupToAssign} path={kind === 'user' ? '/users' : '/groups'} value={principal} onChange={setPrincipal} />
            {roles.length > 0 ? (
              <Field label={t.appRole}>
                <Select value={roleId || roles[0]!.id} onChange={(_, d) => setRoleId(d.value)}>
                  {roles.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.displayName}
                    </option>
                  ))}
                </Select>
              </Field>
            ) : null}
            <div>
              <Button appearance="primary" disabled={!principal} onClick={() => void assign()}>
                {t.assign}
              </Button>
            </div>
          </div>
        ) : null}
        <div className={s.tableWrap}>
          <Table aria-label={t.usersAndGroups} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.colName}</TableHeaderCell>
                <TableHeaderCell>{t.colPrincipalType}</TableHeaderCell>
                <TableHeaderCell>{t.appRole}</TableHeaderCell>
                <TableHeaderCell>{t.colCreated}</TableHeaderCell>
                {canManageUsers ? <TableHeaderCell>{t.colActions}</TableHeaderCell> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {assignments.rows.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>{a.principalDisplayName}</TableCell>
                  <TableCell>{a.principalType === 'Group' ? t.groupKind : t.userKind}</TableCell>
                  <TableCell>{roleName(a.appRoleId)}</TableCell>
                  <TableCell>{formatDate(a.createdDateTime)}</TableCell>
                  {canManageUsers ? (
                    <TableCell>
                      <Button size="small" onClick={() => setRemoving(a)} aria-label={t.removeNamed(a.principalDisplayName)}>
                        {t.remove}
                      </Button>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <ListFooter state={assignments} empty={t.noAssignmentsYet} />
      </div>
      <ConfirmDialog
        open={!!removing}
        title={t.removeAssignmentTitle}
        body={removing ? t.removeAssignmentBody(removing.principalDisplayName, sp.displayName) : ''}
        confirm={t.remove}
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(undefined)}
      />
    </>
  );
}
