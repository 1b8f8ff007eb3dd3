import { Button, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, PageHeader, useCommonStyles } from '../shell/common';
import { listPage, odataString } from '../users/users-api';

type AuditRow = {
  id: string;
  activityDisplayName: string;
  activityDateTime: string;
  result: string;
  initiatedBy: { user?: { displayName?: string | null; userPrincipalName?: string | null } | null; app?: { displayName?: string | null; appId?: string | null } | null };
  targetResources: { displayName?: string | null; id?: string | null }[];
};

/** Audit logs (Global Administrator only, as in the API), filtered by activity, paged by the server. */
export default function AuditArea() {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const [activity, setActivity] = useState('');
  const [term, setTerm] = useState('');
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setTerm(activity.trim()), 300);
    return () => clearTimeout(timer);
  }, [activity]);
  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await listPage<AuditRow>(api, '/auditLogs/directoryAudits', { $top: '50', $filter: term ? `startsWith(activityDisplayName,${odataString(term)})` : undefined }, more ? next : undefined);
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
  }, [term]);
  const who = (r: AuditRow) => r.initiatedBy.user?.userPrincipalName ?? r.initiatedBy.user?.displayName ?? r.initiatedBy.app?.displayName ?? r.initiatedBy.app?.appId ?? '';
  return (
    <>
      <PageHeader title={t.auditTitle} />
      <div className={s.toolbar} role="search">
        <Field label={t.filterActivity}>
          <Input value={activity} onChange={(_, d) => setActivity(d.value)} />
        </Field>
      </div>
      {error ? <ErrorBar error={error} onReload={() => void load(false)} /> : null}
      <div className={s.tableWrap}>
        <Table aria-label={t.auditTitle} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.date}</TableHeaderCell>
              <TableHeaderCell>{t.activity}</TableHeaderCell>
              <TableHeaderCell>{t.initiatedBy}</TableHeaderCell>
              <TableHeaderCell>{t.target}</TableHeaderCell>
              <TableHeaderCell>{t.result}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{formatDate(r.activityDateTime)}</TableCell>
                <TableCell>{r.activityDisplayName}</TableCell>
                <TableCell>{who(r)}</TableCell>
                <TableCell>{r.targetResources.map((x) => x.displayName ?? x.id).join(', ')}</TableCell>
                <TableCell>{r.result}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {!loading && !error && rows.length === 0 ? <p>{t.noAudit}</p> : null}
      {loading ? <Loading /> : null}
      {next && !loading ? (
        <p>
          <Button onClick={() => void load(true)}>{t.loadMore}</Button>
        </p>
      ) : null}
    </>
  );
}
