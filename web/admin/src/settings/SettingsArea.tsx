import { Button, Field, Input, Radio, RadioGroup, Textarea } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { apiError, getWithEtag, ifMatch, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { usePath } from '../app/router';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';

type AuthorizationPolicy = { allowInvitesFrom: string; guestUserRoleId: string };
type DomainPolicy = { allowedDomains: string[]; blockedDomains: string[] };
type Organization = { id: string; displayName: string; privacyProfile?: { statementUrl: string | null; contactEmail: string | null } };

/** Entra's guest access levels (role template ids, as in src/domain/policies/authorization-policy.ts). */
const GUEST_LEVELS = [
  ['sameAsMembers', 'a0b1b346-4d3e-4e8b-98f8-753987be4970'],
  ['limited', '10dae51f-b6af-4016-8d66-8c2a99b929b3'],
  ['restricted', '2af84b1e-32c8-42b7-82bc-daa82404023b'],
] as const;
const INVITERS = ['everyone', 'adminsGuestInvitersAndAllMembers', 'adminsAndGuestInviters', 'none'] as const;

/** Settings: external collaboration (who may invite, guest access, domain lists) and the organization. */
export default function SettingsArea() {
  const { segments } = usePath();
  return segments[0] === 'organization-settings' ? <OrganizationSettings /> : <ExternalCollaboration />;
}

const lines = (text: string) => text.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);

function ExternalCollaboration() {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const loaded = useLoad(async () => {
    // Each document comes with its ETag; a save sends it back (If-Match), so a change made meanwhile is a 412, not lost.
    const [policy, domains] = await Promise.all([getWithEtag<AuthorizationPolicy>(api, '/policies/authorizationPolicy'), getWithEtag<DomainPolicy>(api, '/policies/invitationDomainPolicy')]);
    return { policy, domains };
  }, []);
  const [inviters, setInviters] = useState('');
  const [guestRole, setGuestRole] = useState('');
  const [allowed, setAllowed] = useState('');
  const [blocked, setBlocked] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    setInviters(loaded.data.policy.value.allowInvitesFrom);
    setGuestRole(loaded.data.policy.value.guestUserRoleId.toLowerCase());
    setAllowed(loaded.data.domains.value.allowedDomains.join('\n'));
    setBlocked(loaded.data.domains.value.blockedDomains.join('\n'));
  }, [loaded.data]);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorBar error={loaded.error} onReload={loaded.reload} />;
  const save = async () => {
    setSaving(true);
    setSaved(false);
    setError(undefined);
    try {
      const { policy, domains } = loaded.data!;
      // Only the documents that changed are written, each guarded by the ETag it was read with.
      const policyChanged = inviters !== policy.value.allowInvitesFrom || guestRole !== policy.value.guestUserRoleId.toLowerCase();
      const domainsChanged = lines(allowed).join('\n') !== domains.value.allowedDomains.join('\n') || lines(blocked).join('\n') !== domains.value.blockedDomains.join('\n');
      if (policyChanged) await api.api('/policies/authorizationPolicy').headers(ifMatch(policy.etag)).patch({ allowInvitesFrom: inviters, guestUserRoleId: guestRole });
      if (domainsChanged) await api.api('/policies/invitationDomainPolicy').headers(ifMatch(domains.etag)).patch({ allowedDomains: lines(allowed), blockedDomains: lines(blocked) });
      setSaved(true);
      loaded.reload();
    } catch (e) {
      setError(apiError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <PageHeader title={t.externalCollaborationTitle} />
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {saved ? <Notice>{t.settingsSaved}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={loaded.reload} /> : null}
        <Field label={t.guestAccessLabel}>
          <RadioGroup value={guestRole} onChange={(_, d) => setGuestRole(d.value)}>
            {GUEST_LEVELS.map(([name, roleId]) => (
              <Radio key={roleId} value={roleId} label={t.guestAccessLevel(name)} />
            ))}
          </RadioGroup>
        </Field>
        <Field label={t.whoMayInviteLabel}>
          <RadioGroup value={inviters} onChange={(_, d) => setInviters(d.value)}>
            {INVITERS.map((v) => (
              <Radio key={v} value={v} label={t.whoMayInvite(v)} />
            ))}
          </RadioGroup>
        </Field>
        <Field label={t.allowedDomains} hint={t.domainListHint}>
          <Textarea value={allowed} onChange={(_, d) => setAllowed(d.value)} resize="vertical" />
        </Field>
        <Field label={t.blockedDomains} hint={t.domainListHint}>
          <Textarea value={blocked} onChange={(_, d) => setBlocked(d.value)} resize="vertical" />
        </Field>
        <div>
          <Button appearance="primary" type="submit" disabled={saving}>
            {t.save}
          </Button>
        </div>
      </form>
    </>
  );
}

function OrganizationSettings() {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const loaded = useLoad(async () => {
    const { id } = ((await api.api('/organization').select('id').get()) as { value: { id: string }[] }).value[0]!;
    // The organization with its ETag, which the save sends back as If-Match.
    return getWithEtag<Organization>(api, `/organization/${id}`);
  }, []);
  const [statementUrl, setStatementUrl] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setStatementUrl(loaded.data?.value.privacyProfile?.statementUrl ?? '');
    setContactEmail(loaded.data?.value.privacyProfile?.contactEmail ?? '');
  }, [loaded.data]);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error || !loaded.data) return loaded.error ? <ErrorBar error={loaded.error} onReload={loaded.reload} /> : null;
  const org = loaded.data.value;
  const etag = loaded.data.etag;
  const save = async () => {
    setSaved(false);
    setError(undefined);
    try {
      await api.api(`/organization/${org.id}`).headers(ifMatch(etag)).patch({ privacyProfile: { statementUrl: statementUrl.trim() || null, contactEmail: contactEmail.trim() || null } });
      setSaved(true);
      loaded.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={t.organizationSettingsTitle} />
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p>{t.organizationName(org.displayName)}</p>
        {saved ? <Notice>{t.settingsSaved}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={loaded.reload} /> : null}
        <Field label={t.privacyStatementUrl} hint={t.privacyStatementHint}>
          <Input type="url" value={statementUrl} onChange={(_, d) => setStatementUrl(d.value)} />
        </Field>
        <Field label={t.privacyContact}>
          <Input type="email" value={contactEmail} onChange={(_, d) => setContactEmail(d.value)} />
        </Field>
        <div>
          <Button appearance="primary" type="submit">
            {t.save}
          </Button>
        </div>
      </form>
    </>
  );
}
