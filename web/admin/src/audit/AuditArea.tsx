import { Button, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useAccess } from '../app/access';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { useLocale } from '../i18n';
import { PageHeader, useCommonStyles } from '../shell/common';
import { ListFooter, useDebounced, usePagedList, useServerSort } from '../shell/paged';
import { auditFilter } from './audit-filter';

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

/** Audit logs (Global Administrator only, as in the API): filtered and paged by the server, newest first, with a details pane. */
export default function AuditArea() {
  const { t, formatDate } = useLocale();
  const s = useCommonStyles();
  const [activity, setActivity] = useState('');
  const [initiator, setInitiator] = useState<Picked | undefined>();
  const [target, setTarget] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filters = { activity: useDebounced(activity), initiatedBy: initiator?.id ?? '', target: useDebounced(target), from, to };
  const filter = auditFilter(filters);
  // The API keeps one order, newest first: the date column shows it and does not toggle.
  const { header } = useServerSort<'activityDateTime'>({ activityDateTime: 'desc' }, { key: 'activityDateTime', descending: true });
  const list = usePagedList<AuditRow>('/auditLogs/directoryAudits', { $top: '50', $filter: filter, $orderby: 'activityDateTime desc' }, [filter]);
  const [open, setOpen] = useState<AuditRow | undefined>();
  const names = useUserNames(list.rows.flatMap((r) => (r.initiatedBy.user?.id && !r.initiatedBy.user.userPrincipalName ? [r.initiatedBy.user.id] : [])));
  const who = (r: AuditRow) => r.initiatedBy.user?.userPrincipalName ?? (r.initiatedBy.user?.id ? names.get(r.initiatedBy.user.id) : undefined) ?? r.initiatedBy.user?.displayName ?? r.initiatedBy.user?.id ?? r.initiatedBy.app?.displayName ?? r.initiatedBy.app?.appId ?? '';
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
        <ObjectPicker label={t.filterInitiatedBy} path="/users" value={initiator} onChange={setInitiator} placeholder={t.managerSearch} />
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

/**
 * Names of the users who initiated the entries shown: the log keeps their object id, so the page's
 * ids are read in batches of 15 (`id in (...)`, as Graph allows); a user since removed keeps the id.
 */
function useUserNames(ids: string[]): Map<string, string> {
  const { api } = useAccess();
  const [names, setNames] = useState(new Map<string, string>());
  const missing = [...new Set(ids)].filter((id) => !names.has(id)).sort();
  const key = missing.join(',');
  useEffect(() => {
    if (!missing.length) return;
    let live = true;
    const batches: string[][] = [];
    for (let i = 0; i < missing.length; i += 15) batches.push(missing.slice(i, i + 15));
    void Promise.all(
      batches.map((batch) =>
        (api.api('/users').filter(`id in (${batch.map((id) => `'${id}'`).join(',')})`).select('id,displayName,userPrincipalName').get() as Promise<{ value: { id: string; displayName: string; userPrincipalName: string }[] }>).then(
          (page) => page.value,
          () => [],
        ),
      ),
    ).then((found) => {
      if (!live) return;
      setNames((before) => {
        const next = new Map(before);
        // Ids nobody answers for are remembered too (as themselves), so they are not asked again.
        for (const id of missing) next.set(id, id);
        for (const u of found.flat()) next.set(u.id, `${u.displayName} (${u.userPrincipalName})`);
        return next;
      });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return names;
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
