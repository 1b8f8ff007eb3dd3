import { Button, Field, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { EM } from '../governance/em';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { ListFooter, usePagedList } from '../shell/paged';

type Stage = { id: string; displayName: string; status: string; assignedToMe: boolean };
type Approval = { id: string; stages: Stage[] };
type RequestDetails = {
  packageName: string;
  requestor: string;
  justification: string | null;
  createdDateTime: string;
};

/**
 * My approvals: the requests waiting for the signed-in approver (with "Load more" when the server
 * pages them), each card reading its own request, approve or deny with a reason.
 */
export default function ApprovalsArea() {
  const { t } = useLocale();
  const [notice, setNotice] = useState<string | undefined>();
  const list = usePagedList<Approval>(`${EM}/assignmentApprovals/filterByCurrentUser(on='approver')`, {}, []);
  const pending = list.rows.flatMap((a) => {
    const stage = a.stages.find((x) => x.assignedToMe && x.status === 'InProgress');
    return stage ? [{ id: a.id, stage }] : [];
  });
  return (
    <>
      <PageHeader title={t.approvalsTitle} />
      {notice ? <Notice>{notice}</Notice> : null}
      {pending.length > 0 ? (
        <ul style={{ listStyle: 'none', padding: 0, display: 'flex', flexDirection: 'column', gap: 16 }} aria-label={t.approvalsTitle}>
          {pending.map((p) => (
            <li key={p.id}>
              <Decision
                id={p.id}
                stage={p.stage}
                onDone={(text) => {
                  setNotice(text);
                  list.reload();
                }}
                onReload={list.reload}
              />
            </li>
          ))}
        </ul>
      ) : null}
      <ListFooter state={{ ...list, rows: pending }} empty={t.noApprovals} />
    </>
  );
}

/** One pending approval: the request it decides (read on its own), and the decision. */
function Decision({ id, stage, onDone, onReload }: { id: string; stage: Stage; onDone(text: string): void; onReload(): void }) {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const details = useLoad(async (): Promise<RequestDetails> => {
    const request = (await api.api(`${EM}/assignmentRequests/${id}`).get()) as {
      justification: string | null;
      createdDateTime: string;
      accessPackage: { id: string };
      assignment: { target: { displayName?: string | null; email?: string | null } };
    };
    const pkg = (await api.api(`${EM}/accessPackages/${request.accessPackage.id}`).get().catch(() => ({ displayName: request.accessPackage.id }))) as { displayName: string };
    return { packageName: pkg.displayName, requestor: request.assignment.target.displayName || request.assignment.target.email || '', justification: request.justification, createdDateTime: request.createdDateTime };
  }, [id]);
  const decide = async (reviewResult: 'Approve' | 'Deny') => {
    setBusy(true);
    setError(undefined);
    try {
      await api.api(`${EM}/assignmentApprovals/${id}/stages/${stage.id}`).patch({ reviewResult, justification: reason || null });
      onDone(reviewResult === 'Approve' ? t.approved : t.denied);
    } catch (e) {
      setError(apiError(e));
      setBusy(false);
    }
  };
  if (details.error) return <ErrorBar error={details.error} onReload={details.reload} />;
  if (!details.data) return <Loading />;
  const pending = details.data;
  const headingId = `approval-${id}`;
  return (
    <section className={s.card} aria-labelledby={headingId}>
      <h2 id={headingId} className={s.h2}>
        {pending.packageName}
      </h2>
      <dl className={s.dl}>
        <dt>{t.requestedBy}</dt>
        <dd>{pending.requestor}</dd>
        <dt>{t.colRequested}</dt>
        <dd>{formatDate(pending.createdDateTime)}</dd>
        <dt>{t.justification}</dt>
        <dd>{pending.justification || '—'}</dd>
      </dl>
      <Field label={t.decisionReason}>
        <Textarea value={reason} onChange={(_, d) => setReason(d.value)} />
      </Field>
      {error ? <ErrorBar error={error} onReload={onReload} /> : null}
      <div className={s.row}>
        <Button appearance="primary" disabled={busy} onClick={() => void decide('Approve')}>
          {t.approve}
        </Button>
        <Button disabled={busy} onClick={() => void decide('Deny')}>
          {t.deny}
        </Button>
      </div>
    </section>
  );
}
