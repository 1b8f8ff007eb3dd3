import { Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { useLocale } from '../i18n';
import { PageHeader, useCommonStyles } from '../shell/common';
import { ListFooter, useDebounced, usePagedList } from '../shell/paged';
import { odataString } from '../users/users-api';

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
  const s = useCommonStyles();
  const [activity, setActivity] = useState('');
  const term = useDebounced(activity);
  const list = usePagedList<AuditRow>('/auditLogs/directoryAudits', { $top: '50', $filter: term ? `startsWith(activityDisplayName,${odataString(term)})` : undefined }, [term]);
  const who = (r: AuditRow) => r.initiatedBy.user?.userPrincipalName ?? r.initiatedBy.user?.displayName ?? r.initiatedBy.app?.displayName ?? r.initiatedBy.app?.appId ?? '';
  return (
    <>
      <PageHeader title={t.auditTitle} />
      <div className={s.toolbar} role="search">
        <Field label={t.filterActivity}>
          <Input value={activity} onChange={(_, d) => setActivity(d.value)} />
        </Field>
      </div>
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
            {list.rows.map((r) => (
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
      <ListFooter state={list} empty={t.noAudit} />
    </>
  );
}
