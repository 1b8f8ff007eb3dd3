import { Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { useAccess } from '../app/access';
import { Link } from '../app/router';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { ListFooter, usePagedList, useServerSort } from '../shell/paged';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { EM } from './em';

type Subject = { displayName?: string | null; email?: string | null; objectId?: string | null };
type Request = {
  id: string;
  requestType: string;
  state: string;
  status?: string | null;
  createdDateTime: string;
  completedDateTime?: string | null;
  justification?: string | null;
  reason?: string | null;
  accessPackage?: { id: string; displayName?: string };
  requestor?: Subject;
  assignment?: { id?: string | null; target?: Subject };
};
type Stage = { id: string; displayName: string; status: string; reviewResult: string; reviewedDateTime?: string | null; justification?: string | null; reviewedBy?: { displayName?: string } | null };

const STATES = ['', 'submitted', 'pendingApproval', 'delivering', 'delivered', 'partiallyDelivered', 'deliveryFailed', 'denied', 'canceled', 'scheduled'] as const;
const who = (s: Subject | undefined) => s?.displayName || s?.email || s?.objectId || '';

/** Access package requests: every request the API lets this administrator read, by state, with each one's history. */
export function Requests({ id }: { id?: string | undefined }) {
  return id ? <RequestHistory id={id} /> : <RequestsList />;
}

function RequestsList() {
  const { t, formatDate } = useLocale();
  const s = useCommonStyles();
  const [state, setState] = useState('');
  const [target, setTarget] = useState<Picked | undefined>();
  // The API keeps requests newest first (its one order): the date column shows it and does not toggle.
  const { header } = useServerSort<'created'>({ created: 'desc' }, { key: 'created', descending: true });
  const filter = [state ? `state eq '${state}'` : '', target ? `assignment/target/objectId eq ${target.id}` : ''].filter(Boolean).join(' and ') || undefined;
  const list = usePagedList<Request>(`${EM}/assignmentRequests`, { $top: '25', $expand: 'accessPackage', $orderby: 'createdDateTime desc', $filter: filter }, [filter]);
  return (
    <>
      <PageHeader title={t.requestsTitle} />
      <div className={s.toolbar} role="search">
        <Field label={t.colState}>
          <Select value={state} onChange={(_, d) => setState(d.value)}>
            {STATES.map((v) => (
              <option key={v} value={v}>
                {v ? t.requestState(v) : t.allStates}
              </option>
            ))}
          </Select>
        </Field>
        <ObjectPicker label={t.requestedFor} path="/users" value={target} onChange={setTarget} placeholder={t.managerSearch} />
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.requestsTitle} size="small">
          <TableHeader>
            <TableRow>
              {header('created', t.colCreated)}
              <TableHeaderCell>{t.package}</TableHeaderCell>
              <TableHeaderCell>{t.colTarget}</TableHeaderCell>
              <TableHeaderCell>{t.colRequestType}</TableHeaderCell>
              <TableHeaderCell>{t.colState}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  <Link to={`requests/${r.id}`}>{formatDate(r.createdDateTime)}</Link>
                </TableCell>
                <TableCell>{r.accessPackage?.displayName ?? r.accessPackage?.id ?? ''}</TableCell>
                <TableCell>{who(r.assignment?.target)}</TableCell>
                <TableCell>{r.requestType}</TableCell>
                <TableCell>{t.requestState(r.state)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={t.noRequests} />
    </>
  );
}

function RequestHistory({ id }: { id: string }) {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const loaded = useLoad(async () => {
    const request = (await api.api(`${EM}/assignmentRequests/${id}`).expand('accessPackage').get()) as Request;
    // Approval stages are the request's decisions; a request without approval has none.
    const stages = await (api.api(`${EM}/assignmentApprovals/${id}/stages`).get() as Promise<{ value: Stage[] }>).then((p) => p.value, () => [] as Stage[]);
    return { request, stages };
  }, [id]);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error || !loaded.data) return loaded.error ? <ErrorBar error={loaded.error} onReload={loaded.reload} /> : null;
  const { request: r, stages } = loaded.data;
  const events: { at: string | null | undefined; text: string }[] = [
    { at: r.createdDateTime, text: t.historySubmitted(who(r.requestor) || who(r.assignment?.target), r.justification ?? '') },
    ...stages.flatMap((st, i) => (st.reviewedDateTime ? [{ at: st.reviewedDateTime, text: t.historyReviewed(t.stageLabel(i + 1), t.reviewResult(st.reviewResult), st.reviewedBy?.displayName ?? '', st.justification ?? '') }] : [])),
    ...stages.flatMap((st, i) => (!st.reviewedDateTime && st.status === 'InProgress' ? [{ at: null, text: t.historyWaiting(t.stageLabel(i + 1)) }] : [])),
    ...(r.completedDateTime ? [{ at: r.completedDateTime, text: t.historyCompleted(t.requestState(r.state), r.reason ?? '') }] : []),
  ];
  return (
    <>
      <PageHeader title={t.requestTitle(r.accessPackage?.displayName ?? r.accessPackage?.id ?? '')} />
      <p>
        <Link to="requests">{t.backToRequests}</Link>
      </p>
      <div className={s.stack}>
        <dl className={s.dl}>
          <dt>{t.colState}</dt>
          <dd>{t.requestState(r.state)}</dd>
          <dt>{t.colRequestType}</dt>
          <dd>{r.requestType}</dd>
          <dt>{t.colTarget}</dt>
          <dd>{who(r.assignment?.target)}</dd>
          {r.status ? (
            <>
              <dt>{t.colStatus}</dt>
              <dd>{r.status}</dd>
            </>
          ) : null}
        </dl>
        <h2 className={s.h2}>{t.history}</h2>
        <ol>
          {events.map((e, i) => (
            <li key={i}>
              {e.at ? `${formatDate(e.at)}: ` : ''}
              {e.text}
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}
