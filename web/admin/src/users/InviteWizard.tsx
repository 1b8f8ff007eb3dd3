import { Button, Checkbox, Field, Input, Tab, TabList, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { invitationBody } from '../../../../src/domain/invitations/invitation-wire';
import { MAX_ASSIGNMENTS } from '../../../../src/domain/invitations/invite-rules';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { navigate } from '../app/router';
import { useLocale } from '../i18n';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { ErrorBar, PageHeader, useCommonStyles } from '../shell/common';
import { AssignmentPicker, type Assignment } from './AssignmentPicker';
import { CATEGORIES, ProfileFields, emptyProfile, profileBodyOf, type ProfileKey } from './profile-fields';
import { fieldErrors } from './validation';

type Step = 'basics' | 'properties' | 'assignments' | 'review';
const STEPS: Step[] = ['basics', 'properties', 'assignments', 'review'];

type Basics = { email: string; displayName: string; sendMessage: boolean; message: string; cc: string; redirectUrl: string };

/** What the wizard sends: Graph's invitation plus Gatehouse's profile and assignments extensions. */
function bodyOf(basics: Basics, profile: ReturnType<typeof emptyProfile>, assignments: Assignment[]): Record<string, unknown> {
  const { userType, ...rest } = profileBodyOf(profile);
  const profileValues = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)));
  return {
    invitedUserEmailAddress: basics.email.trim(),
    ...(basics.displayName.trim() ? { invitedUserDisplayName: basics.displayName.trim() } : {}),
    inviteRedirectUrl: basics.redirectUrl.trim(),
    invitedUserType: userType ?? 'Guest',
    sendInvitationMessage: basics.sendMessage,
    ...(basics.sendMessage
      ? { invitedUserMessageInfo: { customizedMessageBody: basics.message || null, ccRecipients: basics.cc.trim() ? [{ emailAddress: { address: basics.cc.trim() } }] : [] } }
      : {}),
    ...profileValues,
    ...(assignments.length ? { assignments: assignments.map((a) => (a.type === 'group' ? { type: 'group', id: a.id } : { type: 'directoryRole', roleDefinitionId: a.id })) } : {}),
  };
}

const BASIC_PATHS: Record<keyof Basics, string> = {
  email: 'invitedUserEmailAddress',
  displayName: 'invitedUserDisplayName',
  sendMessage: 'sendInvitationMessage',
  message: 'invitedUserMessageInfo.customizedMessageBody',
  cc: 'invitedUserMessageInfo.ccRecipients.0.emailAddress.address',
  redirectUrl: 'inviteRedirectUrl',
};

/** "New user > Invite external user": Basics, Properties, Assignments, Review + invite. */
export function InviteWizard() {
  const { t } = useLocale();
  const { api, canAssignRoles } = useAccess();
  const s = useCommonStyles();
  const [step, setStep] = useState<Step>('basics');
  const [basics, setBasics] = useState<Basics>({ email: '', displayName: '', sendMessage: true, message: '', cc: '', redirectUrl: `${location.origin}/` });
  const [profile, setProfile] = useState(emptyProfile);
  const [manager, setManager] = useState<Picked | undefined>();
  const [assignments, setAssignments] = useState<Assignment[]>([]);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const body = bodyOf(basics, profile, assignments);
  const errors = fieldErrors(invitationBody, body, t);
  const shown = (path: string) => (showAll || touched.has(path) ? errors[path] : undefined);
  const touch = (path: string) => setTouched((s) => new Set(s).add(path));
  const invalid = Object.keys(errors).length > 0;

  const basicField = (key: 'email' | 'displayName' | 'cc' | 'redirectUrl', label: string, required = false) => {
    const message = shown(BASIC_PATHS[key]);
    return (
      <Field label={label} required={required} validationMessage={message} validationState={message ? 'error' : 'none'}>
        <Input type={key === 'email' || key === 'cc' ? 'email' : key === 'redirectUrl' ? 'url' : 'text'} value={basics[key]} onChange={(_, d) => setBasics((b) => ({ ...b, [key]: d.value }))} onBlur={() => touch(BASIC_PATHS[key])} />
      </Field>
    );
  };
  const messageError = shown(BASIC_PATHS.message);

  const invite = async () => {
    setShowAll(true);
    if (invalid) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = (await api.api('/invitations').post(body)) as { invitedUser: { id: string } };
      const id = result.invitedUser.id;
      if (manager) await api.api(`/users/${id}/manager/$ref`).put({ '@odata.id': `${location.origin}/api/v1.0/users/${manager.id}` });
      navigate(`users/${id}`);
    } catch (e) {
      setError(apiError(e));
    } finally {
      setBusy(false);
    }
  };
  const go = (to: Step) => {
    setStep(to);
    document.getElementById('main')?.focus();
  };
  const nextOf = STEPS[STEPS.indexOf(step) + 1];
  const profileErrors = Object.fromEntries(CATEGORIES.flatMap((c) => c.fields.map((f) => [f.key, shown(f.key)])));

  return (
    <>
      <PageHeader title={t.inviteExternalUser} />
      <TabList selectedValue={step} onTabSelect={(_, d) => go(d.value as Step)}>
        <Tab value="basics">{t.wizardBasics}</Tab>
        <Tab value="properties">{t.wizardProperties}</Tab>
        <Tab value="assignments">{t.wizardAssignments}</Tab>
        <Tab value="review">{t.wizardReview}</Tab>
      </TabList>
      <form
        className={s.stack}
        style={{ marginTop: 16 }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'review') void invite();
          else go(nextOf ?? 'review');
        }}
      >
        {step === 'basics' ? (
          <>
            {basicField('email', t.email, true)}
            {basicField('displayName', t.displayName)}
            <Checkbox label={t.sendInviteMessage} checked={basics.sendMessage} onChange={(_, d) => setBasics((b) => ({ ...b, sendMessage: Boolean(d.checked) }))} />
            {basics.sendMessage ? (
              <>
                <Field label={t.message} validationMessage={messageError} validationState={messageError ? 'error' : 'none'}>
                  <Textarea value={basics.message} onChange={(_, d) => setBasics((b) => ({ ...b, message: d.value }))} onBlur={() => touch(BASIC_PATHS.message)} resize="vertical" />
                </Field>
                {basicField('cc', t.ccRecipient)}
              </>
            ) : null}
            {basicField('redirectUrl', t.redirectUrl, true)}
          </>
        ) : null}
        {step === 'properties' ? (
          <>
            <ProfileFields t={t} form={profile} errors={profileErrors} onChange={(key: ProfileKey, value) => setProfile((p) => ({ ...p, [key]: value }))} onBlur={(key) => touch(key)} />
            <ObjectPicker label={t.manager} path="/users" value={manager} onChange={setManager} placeholder={t.managerSearch} />
          </>
        ) : null}
        {step === 'assignments' ? (
          <>
            <p>{t.assignmentsIntro}</p>
            <AssignmentPicker value={assignments} onChange={setAssignments} allowRoles={canAssignRoles} max={MAX_ASSIGNMENTS} />
            {shown('assignments') ? <p role="alert">{shown('assignments')}</p> : null}
          </>
        ) : null}
        {step === 'review' ? (
          <>
            <p>{t.reviewIntro}</p>
            <dl className={s.dl}>
              <dt>{t.email}</dt>
              <dd>{basics.email || '—'}</dd>
              <dt>{t.displayName}</dt>
              <dd>{basics.displayName || '—'}</dd>
              <dt>{t.sendInviteMessage}</dt>
              <dd>{basics.sendMessage ? t.yes : t.no}</dd>
              {basics.sendMessage ? (
                <>
                  <dt>{t.message}</dt>
                  <dd>{basics.message || '—'}</dd>
                  <dt>{t.ccRecipient}</dt>
                  <dd>{basics.cc || '—'}</dd>
                </>
              ) : null}
              <dt>{t.redirectUrl}</dt>
              <dd>{basics.redirectUrl}</dd>
              <dt>{t.userType}</dt>
              <dd>{t.userTypeName(profile.userType)}</dd>
              <dt>{t.manager}</dt>
              <dd>{manager?.displayName ?? '—'}</dd>
              <dt>{t.wizardAssignments}</dt>
              <dd>{assignments.length ? assignments.map((a) => a.displayName).join(', ') : t.none}</dd>
            </dl>
            {showAll && invalid ? <p role="alert">{t.fixErrors}</p> : null}
          </>
        ) : null}
        {error ? <ErrorBar error={error} /> : null}
        <div className={s.row}>
          {step === 'basics' || step === 'properties' ? <Button onClick={() => go('review')}>{t.reviewAndInvite}</Button> : null}
          {step === 'review' ? (
            <Button type="submit" appearance="primary" disabled={busy}>
              {busy ? t.inviting : t.invite}
            </Button>
          ) : null}
          {step !== 'basics' ? <Button onClick={() => go(STEPS[STEPS.indexOf(step) - 1]!)}>{t.previous}</Button> : null}
          {step === 'basics' ? <Button type="submit" appearance="primary">{t.nextProperties}</Button> : null}
          {step === 'properties' ? <Button type="submit" appearance="primary">{t.nextAssignments}</Button> : null}
          {step === 'assignments' ? <Button type="submit" appearance="primary">{t.reviewAndInvite}</Button> : null}
          <Button onClick={() => navigate('users')}>{t.cancel}</Button>
        </div>
      </form>
    </>
  );
}
