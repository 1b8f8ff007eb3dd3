import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Tab, TabList, Textarea } from '@fluentui/react-components';
import { useId, useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { EM, type AccessPackage } from './em';
import { PackageAssignments } from './PackageAssignments';


/** An access package: Overview with the My Access portal link (copy, send), and its assignments. */
export function PackageOverview({ id }: { id: string }) {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const linkId = useId();
  const [tab, setTab] = useState<'overview' | 'assignments'>('overview');
  const [notice, setNotice] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const pkg = useLoad(async () => {
    const [p, link] = await Promise.all([api.api(`${EM}/accessPackages/${id}`).get() as Promise<AccessPackage>, api.api(`${EM}/accessPackages/${id}/shareLink`).get() as Promise<{ url: string }>]);
    return { ...p, link: link.url };
  }, [id]);

  if (pkg.error) return <ErrorBar error={pkg.error} onReload={pkg.reload} />;
  if (!pkg.data) return <Loading />;
  const p = pkg.data;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(p.link);
      setNotice(t.copied);
    } catch {
      setNotice(t.copyFailed);
    }
  };
  return (
    <>
      <PageHeader title={p.displayName} />
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'overview' | 'assignments')}>
        <Tab value="overview">{t.tabOverview}</Tab>
        <Tab value="assignments">{t.assignments}</Tab>
      </TabList>
      <div className={s.stack} style={{ marginTop: 16 }}>
        {tab === 'overview' ? (
          <>
            <p>{p.description}</p>
            <Field label={t.myAccessLink}>
              <Input id={linkId} readOnly value={p.link} onFocus={(e) => e.currentTarget.select()} />
            </Field>
            <div className={s.row}>
              <Button appearance="primary" onClick={() => void copy()}>
                {t.copyLink}
              </Button>
              <Button onClick={() => setSending(true)}>{t.sendLink}</Button>
            </div>
            {notice ? <Notice>{notice}</Notice> : null}
          </>
        ) : (
          <PackageAssignments id={id} />
        )}
      </div>
      {sending ? <SendLinkDialog id={id} onClose={(sent) => (setSending(false), sent && setNotice(t.linkSent))} /> : null}
    </>
  );
}

function SendLinkDialog({ id, onClose }: { id: string; onClose(sent: boolean): void }) {
  const { t } = useLocale();
  const { api } = useAccess();
  const [recipients, setRecipients] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const list = recipients.split(/[\n,;]/).map((r) => r.trim()).filter(Boolean);
  const bad = list.filter((r) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r));
  const send = async () => {
    setError(undefined);
    try {
      await api.api(`${EM}/accessPackages/${id}/shareLink/send`).post({ recipients: list, message: message || null });
      onClose(true);
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose(false)}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t.sendLinkTitle}</DialogTitle>
          <DialogContent>
            <Field label={t.recipients} required validationMessage={bad.length ? `${t.invalidEmail} ${bad.join(', ')}` : undefined} validationState={bad.length ? 'error' : 'none'}>
              <Textarea value={recipients} onChange={(_, d) => setRecipients(d.value)} />
            </Field>
            <Field label={t.message2}>
              <Textarea value={message} onChange={(_, d) => setMessage(d.value)} />
            </Field>
            {error ? <ErrorBar error={error} /> : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={list.length === 0 || bad.length > 0} onClick={() => void send()}>
              {t.send}
            </Button>
            <Button onClick={() => onClose(false)}>{t.cancel}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
