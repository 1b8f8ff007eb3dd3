import { Button, Field, Label, ProgressBar } from '@fluentui/react-components';
import { ResponseType } from '@microsoft/microsoft-graph-client';
import { useEffect, useId, useRef, useState } from 'react';
import { BULK_TEMPLATE_HEADER } from '../../../../src/domain/invitations/bulk-csv';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link } from '../app/router';
import { useLocale } from '../i18n';
import { ErrorBar, Notice, PageHeader, useCommonStyles } from '../shell/common';

type BulkProgress = { id: string; status: string; total: number; processed: number; succeeded: number; failed: number; completedDateTime: string | null };

const FINISHED = new Set(['completed', 'completedWithErrors']);
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Hands the browser a file to save (a blob: URL; nothing leaves the page). */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Bulk invite: the CSV template, an upload, the job's progress (rows done / failed) and its per-row results. */
export function BulkInvite() {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const fileId = useId();
  const [file, setFile] = useState<File | undefined>();
  const [job, setJob] = useState<BulkProgress | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const template = () =>
    download('bulk-invite-template.csv', ['version:v1.0', BULK_TEMPLATE_HEADER.map(csvCell).join(','), ['guest@contoso.example', 'https://myapps.microsoft.com', 'true', t.bulkExampleMessage].map(csvCell).join(',')].join('\r\n') + '\r\n');

  const poll = (id: string) => {
    timer.current = setTimeout(async () => {
      try {
        const progress = (await api.api(`/invitations/bulk/${id}`).get()) as BulkProgress;
        setJob(progress);
        if (!FINISHED.has(progress.status)) poll(id);
      } catch (e) {
        setError(apiError(e));
      }
    }, 1000);
  };

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setJob(undefined);
    try {
      const progress = (await api.api('/invitations/bulk').header('Content-Type', 'text/csv').post(await file.text())) as BulkProgress;
      setJob(progress);
      if (!FINISHED.has(progress.status)) poll(progress.id);
    } catch (e) {
      setError(apiError(e));
    } finally {
      setBusy(false);
    }
  };

  const results = async () => {
    if (!job) return;
    try {
      const text = (await api.api(`/invitations/bulk/${job.id}/results`).responseType(ResponseType.TEXT).get()) as string;
      download(`bulk-invitation-${job.id}.csv`, text);
    } catch (e) {
      setError(apiError(e));
    }
  };

  const finished = job && FINISHED.has(job.status);
  return (
    <>
      <PageHeader title={t.bulkInviteTitle} />
      <p>
        <Link to="users">{t.backToUsers}</Link>
      </p>
      <div className={s.stack}>
        <p>{t.bulkInviteIntro}</p>
        <div>
          <Button onClick={template}>{t.downloadTemplate}</Button>
        </div>
        <div className={s.row}>
          <Label htmlFor={fileId}>{t.csvFile}</Label>
          <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />
        </div>
        <div>
          <Button appearance="primary" disabled={!file || busy || (job !== undefined && !finished)} onClick={() => void upload()}>
            {t.submitBulk}
          </Button>
        </div>
        {error ? <ErrorBar error={error} /> : null}
        {job ? (
          <div className={s.card} aria-live="polite">
            <h2 className={s.h2}>{t.bulkStatus(job.status)}</h2>
            <Field label={t.bulkProgressLabel} validationState="none" hint={t.bulkCounts(job.processed, job.total, job.succeeded, job.failed)}>
              <ProgressBar value={job.total ? job.processed / job.total : 0} thickness="large" color={job.failed > 0 ? 'warning' : 'brand'} />
            </Field>
            {finished ? (
              <>
                <Notice>{t.bulkFinished(job.succeeded, job.failed)}</Notice>
                <div>
                  <Button onClick={() => void results()}>{t.downloadResults}</Button>
                </div>
              </>
            ) : null}
          </div>
        ) : null}
      </div>
    </>
  );
}
