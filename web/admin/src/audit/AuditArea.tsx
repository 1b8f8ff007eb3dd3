import { Button, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useLocale } from '../i18n';
import { PageHeader, useCommonStyles } from '../shell/common';
import { ListFooter, useDebounced, usePagedList, useServerSort } from '../shell/paged';
import { odataString } from '../users/users-api';

type ModifiedProperty = { displayName?: string | null; oldValue?: string | null; newValue?: string | null };
type AuditRow = {
  id: string;
  category?: string;
  correlationId?: string | null;
  activityDisplayName: string;
  activityDateTime: string;
  result: string;
  resultReason?: string | null;
  loggedByService?: string | null;
  initiatedBy: { user?: { id?: string | null; displayName?: string | null; userPrincipalName?: string | null } | null; app?: { displayName?: string | null; appId?: string | null } | null };
  targetResources: { displayName?: string | null; id?: string | null; type?: string | null; userPrincipalName?: string | null; modifiedProperties?: ModifiedProperty[] }[];
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A local date (yyyy-mm-dd) as the UTC instant its day starts, or, with `endOfDay`, ends. */
function dayBound(day: string, endOfDay: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = endOfDay ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * The `$filter` of the screen's filters, as GET /auditLogs/directoryAudits documents them:
 * activity (startsWith), a date range (activityDateTime ge/le), initiated by (a user's id or the
 * start of their user principal name) and target (a resource's id, or the start of its name).
 */
export function auditFilter(f: { activity: string; from: string; to: string; initiatedBy: string; target: string }): string | undefined {
  const parts: string[] = [];
  if (f.activity) parts.push(`startsWith(activityDisplayName,${odataString(f.activity)})`);
  const from = dayBound(f.from, false);
  const to = dayBound(f.to, true);
  if (from) parts.push(`activityDateTime ge ${from}`);
  if (to) parts.push(`activityDateTime le ${to}`);
  if (f.initiatedBy) parts.push(GUID.test(f.initiatedBy) ? `initiatedBy/user/id eq ${f.initiatedBy}` : `startsWith(initiatedBy/user/userPrincipalName,${odataString(f.initiatedBy)})`);
  if (f.target) {
    parts.push(
      GUID.test(f.target)
        ? `targetResources/any(t: t/id eq ${odataString(f.target)})`
        : `(targetResources/any(t: startsWith(t/displayName,${odataString(f.target)})) or targetResources/any(t: startsWith(t/userPrincipalName,${odataString(f.target)})))`,
    );
  }
  return parts.length ? parts.join(' and ') : undefined;
}

/** Audit logs (Global Administrator only, as in the API): filtered and paged by the server, newest first, with a details pane. */
export default function AuditArea() {
  const { t, formatDate } = useLocale();
  const s = useCommonStyles();
  const [activity, setActivity] = useState('');
  const [initiatedBy, setInitiatedBy] = useState('');
  const [target, setTarget] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filters = { activity: useDebounced(activity), initiatedBy: useDebounced(initiatedBy), target: useDebounced(target), from, to };
  const filter = auditFilter(filters);
  // The API keeps one order, newest first: the date column shows it and does not toggle.
  const { header } = useServerSort<'activityDateTime'>({ activityDateTime: 'desc' }, { key: 'activityDateTime', descending: true });
  const list = usePagedList<AuditRow>('/auditLogs/directoryAudits', { $top: '50', $filter: filter, $orderby: 'activityDateTime desc' }, [filter]);
  const [open, setOpen] = useState<AuditRow | undefined>();
  const who = (r: AuditRow) => r.initiatedBy.user?.userPrincipalName ?? r.initiatedBy.user?.displayName ?? r.initiatedBy.user?.id ?? r.initiatedBy.app?.displayName ?? r.initiatedBy.app?.appId ?? '';
  return (
    <>
      <PageHeader title={t.auditTitle} />
      <div className={s.toolbar} role="search" aria-label={t.auditFilters}>
        <Field label={t.filterActivity}>
          <Input value={activity} onChange={(_, d) => setActivity(d.value)} />
        </Field>
        <Field label={t.dateFrom}>
          <Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} />
        </Field>
        <Field label={t.dateTo}>
          <Input type="date" value={to} onChange={(_, d) => setTo(d.value)} />
        </Field>
        <Field label={t.filterInitiatedBy} hint={t.filterInitiatedByHint}>
          <Input value={initiatedBy} onChange={(_, d) => setInitiatedBy(d.value)} />
        </Field>
        <Field label={t.filterTarget} hint={t.filterTargetHint}>
          <Input value={target} onChange={(_, d) => setTarget(d.value)} />
        </Field>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.auditTitle} size="small">
          <TableHeader>
            <TableRow>
              {header('activityDateTime', t.date)}
              <TableHeaderCell>{t.activity}</TableHeaderCell>
              <TableHeaderCell>{t.initiatedBy}</TableHeaderCell>
              <TableHeaderCell>{t.target}</TableHeaderCell>
              <TableHeaderCell>{t.result}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((r) => (
              <TableRow key={r.id} aria-selected={open?.id === r.id}>
                <TableCell>
                  <Button appearance="transparent" size="small" onClick={() => setOpen(r)} aria-label={t.auditOpen(r.activityDisplayName, formatDate(r.activityDateTime))}>
                    {formatDate(r.activityDateTime)}
                  </Button>
                </TableCell>
                <TableCell>{r.activityDisplayName}</TableCell>
                <TableCell>{who(r)}</TableCell>
                <TableCell>{r.targetResources.map((x) => x.displayName ?? x.userPrincipalName ?? x.id).join(', ')}</TableCell>
                <TableCell>{r.result}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={t.noAudit} />
      {open ? <AuditDetails entry={open} initiator={who(open)} onClose={() => setOpen(undefined)} /> : null}
    </>
  );
}

/** The whole entry: activity, result, who, correlation id, and each target with its modified properties. */
function AuditDetails({ entry, initiator, onClose }: { entry: AuditRow; initiator: string; onClose(): void }) {
  const { t, formatDate } = useLocale();
  const s = useCommonStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening moves focus to the pane, so keyboard and screen reader users land on what they opened.
  useEffect(() => heading.current?.focus(), [entry.id]);
  return (
    <section className={s.card} aria-labelledby="audit-details-title" style={{ marginTop: 16, maxWidth: '60rem' }}>
      <div className={s.header}>
        <h2 id="audit-details-title" className={s.h2} tabIndex={-1} ref={heading}>
          {t.auditDetails(entry.activityDisplayName)}
        </h2>
        <Button onClick={onClose}>{t.close}</Button>
      </div>
      <dl className={s.dl}>
        <dt>{t.date}</dt>
        <dd>{formatDate(entry.activityDateTime)}</dd>
        <dt>{t.activity}</dt>
        <dd>{entry.activityDisplayName}</dd>
        <dt>{t.auditCategory}</dt>
        <dd>{entry.category ?? ''}</dd>
        <dt>{t.result}</dt>
        <dd>{entry.resultReason ? `${entry.result} (${entry.resultReason})` : entry.result}</dd>
        <dt>{t.initiatedBy}</dt>
        <dd>{initiator}</dd>
        {entry.initiatedBy.user?.id ? (
          <>
            <dt>{t.auditInitiatorId}</dt>
            <dd>{entry.initiatedBy.user.id}</dd>
          </>
        ) : null}
        <dt>{t.auditCorrelationId}</dt>
        <dd>{entry.correlationId ?? ''}</dd>
        <dt>{t.auditEntryId}</dt>
        <dd>{entry.id}</dd>
      </dl>
      <h3 className={s.h2}>{t.auditTargets}</h3>
      {entry.targetResources.map((target, i) => (
        <div key={`${target.id ?? ''}-${i}`} className={s.stack}>
          <dl className={s.dl}>
            <dt>{t.target}</dt>
            <dd>{target.displayName ?? target.userPrincipalName ?? ''}</dd>
            <dt>{t.auditTargetType}</dt>
            <dd>{target.type ?? ''}</dd>
            <dt>{t.auditTargetId}</dt>
            <dd>{target.id ?? ''}</dd>
          </dl>
          {target.modifiedProperties?.length ? (
            <div className={s.tableWrap}>
              <Table size="small" aria-label={t.auditModifiedProperties(target.displayName ?? target.id ?? '')}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t.auditProperty}</TableHeaderCell>
                    <TableHeaderCell>{t.auditOldValue}</TableHeaderCell>
                    <TableHeaderCell>{t.auditNewValue}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {target.modifiedProperties.map((p, j) => (
                    <TableRow key={j}>
                      <TableCell>{p.displayName ?? ''}</TableCell>
                      <TableCell>{p.oldValue ?? ''}</TableCell>
                      <TableCell>{p.newValue ?? ''}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          ) : (
            <p>{t.auditNoModifiedProperties}</p>
          )}
        </div>
      ))}
    </section>
  );
}
