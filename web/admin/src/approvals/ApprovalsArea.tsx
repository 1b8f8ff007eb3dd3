import { Button, Field, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { EM } from '../governance/em';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';

type Stage = { id: string; displayName: string; status: string; assignedToMe: boolean };
type Pending = {
  id: string;
  stage: Stage;
  packageName: string;
  requestor: string;
  justification: string | null;
  createdDateTime: string;
};

/** My approvals: the requests waiting for the signed-in approver, approve or deny with a reason. */
export default function ApprovalsArea() {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const [notice, setNotice] = useState<string | undefined>();
  const list = useLoad(async (): Promise<Pending[]> => {
    const approvals = (await api.api(`${EM}/assignmentApprovals/filterByCurrentUser(on='approver')`).get()) as { value: { id: string; stages: Stage[] }[] };
    const out: Pending[] = [];
    for (const a of approvals.value) {
      const stage = a.stages.find((x) => x.assignedToMe && x.status === 'InProgress');
      if (!stage) continue;
      const request = (await api.api(`${EM}/assignmentRequests/${a.id}`).get()) as {
        id: string;
        justification: string | null;
        createdDateTime: string;
        accessPackage: { id: string };
        assignment: { target: { displayName?: string | null; email?: string | null } };
      };
      const pkg = (await api.api(`${EM}/accessPackages/${request.accessPackage.id}`).get().catch(() => ({ displayName: request.accessPackage.id }))) as { displayName: string };
      out.push({ id: a.id, stage, packageName: pkg.displayName, requestor: request.assignment.target.displayName || request.assignment.target.email || '', justification: request.justification, createdDateTime: request.createdDateTime });
    }
    return out;
  }, []);
  return (
    <>
      <PageHeader title={t.approvalsTitle} />
      {notice ? <Notice>{notice}</Notice> : null}
      {list.error ? <ErrorBar error={list.error} onReload={list.reload} /> : null}
      {!list.data ? (
        list.loading ? <Loading /> : null
      ) : list.data.length === 0 ? (
        <p>{t.noApprovals}</p>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, display: 'flex', flexDirection: 'column', gap: 16 }} aria-label={t.approvalsTitle}>
          {list.data.map((p) => (
            <li key={p.id}>
              <Decision
                pending={p}
                onDone={(text) => {
                  setNotice(text);
                  list.reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );

  function Decision({ pending, onDone }: { pending: Pending; onDone(text: string): void }) {
    const [reason, setReason] = useState('');
    const [error, setError] = useState<ApiError | undefined>();
    const [busy, setBusy] = useState(false);
    const decide = async (reviewResult: 'Approve' | 'Deny') => {
      setBusy(true);
      setError(undefined);
      try {
        await api.api(`${EM}/assignmentApprovals/${pending.id}/stages/${pending.stage.id}`).patch({ reviewResult, justification: reason || null });
        onDone(reviewResult === 'Approve' ? t.approved : t.denied);
      } catch (e) {
        setError(apiError(e));
        setBusy(false);
      }
    };
    const headingId = `approval-${pending.id}`;
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
        {error ? <ErrorBar error={error} onReload={list.reload} /> : null}
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
}
