import { Button, Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { apiError, getWithEtag, ifMatch, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { EM } from './em';

type Settings = { externalUserLifecycleAction: string; durationUntilExternalUserDeletedAfterBlocked: string };
const ACTIONS = ['none', 'blockSignIn', 'blockSignInAndDelete'] as const;

/** Days of a `P<n>D` duration (what the API keeps), or undefined for another shape. */
const daysOf = (duration: string): string => /^P(\d+)D$/i.exec(duration)?.[1] ?? '';

/**
 * Identity Governance settings: what happens to an external user that entitlement management
 * brought in once their last assignment ends. Saved with If-Match, so a change made meanwhile is
 * explained instead of overwritten.
 */
export function GovernanceSettings() {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const loaded = useLoad(() => getWithEtag<Settings>(api, `${EM}/settings`), []);
  const [action, setAction] = useState('');
  const [days, setDays] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    setAction(loaded.data.value.externalUserLifecycleAction);
    setDays(daysOf(loaded.data.value.durationUntilExternalUserDeletedAfterBlocked));
  }, [loaded.data]);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error || !loaded.data) return loaded.error ? <ErrorBar error={loaded.error} onReload={loaded.reload} /> : null;
  const etag = loaded.data.etag;
  const daysValid = /^\d{1,3}$/.test(days) && Number(days) >= 1;
  const save = async () => {
    setSaved(false);
    setError(undefined);
    try {
      await api
        .api(`${EM}/settings`)
        .headers(ifMatch(etag))
        .patch({ externalUserLifecycleAction: action, ...(action === 'blockSignInAndDelete' && { durationUntilExternalUserDeletedAfterBlocked: `P${Number(days)}D` }) });
      setSaved(true);
      loaded.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={t.governanceSettingsTitle} />
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {saved ? <Notice>{t.settingsSaved}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={loaded.reload} /> : null}
        <Field label={t.lifecycleActionLabel}>
          <RadioGroup value={action} onChange={(_, d) => setAction(d.value)}>
            {ACTIONS.map((a) => (
              <Radio key={a} value={a} label={t.lifecycleAction(a)} />
            ))}
          </RadioGroup>
        </Field>
        {action === 'blockSignInAndDelete' ? (
          <Field label={t.lifecycleDays} required validationState={daysValid ? 'none' : 'error'} validationMessage={daysValid ? undefined : t.lifecycleDaysInvalid}>
            <Input type="number" min={1} max={999} value={days} onChange={(_, d) => setDays(d.value)} />
          </Field>
        ) : null}
        <div>
          <Button appearance="primary" type="submit" disabled={action === 'blockSignInAndDelete' && !daysValid}>
            {t.save}
          </Button>
        </div>
      </form>
    </>
  );
}
