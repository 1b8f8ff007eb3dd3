import { Button, Field, Input, Radio, RadioGroup, Textarea } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { evaluateMembershipRule, parseMembershipRule, USER_PROPERTIES, type RuleSubject } from '../../../../src/domain/membership-rule';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link, navigate } from '../app/router';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, PageHeader, useCommonStyles } from '../shell/common';
import { listPage } from '../users/users-api';

/** How many users the preview reads at most (pages of 100): enough to see whether a rule does what is meant. */
const PREVIEW_USERS = 500;
const RULE_SELECT = ['id', ...Object.keys(USER_PROPERTIES)].join(',');

type PreviewUser = RuleSubject & { id: string; displayName?: string | null; userPrincipalName?: string | null };

/**
 * New group: assigned or dynamic. The rule editor checks the rule with the same parser the API runs
 * (src/domain/membership-rule) as you type, and previews which users it matches.
 */
export function NewGroup() {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const [name, setName] = useState('');
  const [nickname, setNickname] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<'assigned' | 'dynamic'>('assigned');
  const [rule, setRule] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [preview, setPreview] = useState<{ checked: number; matches: PreviewUser[] } | undefined>();
  const [previewing, setPreviewing] = useState(false);
  const parsed = useMemo(() => (rule.trim() ? parseMembershipRule(rule) : undefined), [rule]);
  const ruleError = parsed && !parsed.ok ? parsed.error.message : undefined;
  const nicknameError = nickname && !/^[A-Za-z0-9._-]{1,64}$/.test(nickname) ? t.mailNicknameRule : undefined;

  const runPreview = async () => {
    if (!parsed?.ok) return;
    setPreviewing(true);
    setError(undefined);
    try {
      const matches: PreviewUser[] = [];
      let checked = 0;
      let next: string | undefined;
      do {
        const page = await listPage<PreviewUser>(api, '/users', { $select: RULE_SELECT, $top: '100' }, next);
        checked += page.value.length;
        matches.push(...page.value.filter((u) => evaluateMembershipRule(parsed.value, u)));
        next = page['@odata.nextLink'];
      } while (next && checked < PREVIEW_USERS);
      setPreview({ checked, matches });
    } catch (e) {
      setError(apiError(e));
    } finally {
      setPreviewing(false);
    }
  };

  const create = async () => {
    setError(undefined);
    try {
      const body = {
        displayName: name.trim(),
        mailNickname: nickname.trim(),
        description: description.trim() || undefined,
        securityEnabled: true,
        mailEnabled: false,
        ...(kind === 'dynamic' ? { groupTypes: ['DynamicMembership'], membershipRule: rule.trim(), membershipRuleProcessingState: 'On' } : {}),
      };
      const group = (await api.api('/groups').post(body)) as { id: string };
      navigate(`groups/${group.id}`);
    } catch (e) {
      setError(apiError(e));
    }
  };
  const ready = name.trim() && nickname.trim() && !nicknameError && (kind === 'assigned' || parsed?.ok === true);

  return (
    <>
      <PageHeader title={t.newGroupTitle} />
      <p>
        <Link to="groups">{t.backToGroups}</Link>
      </p>
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        {error ? <ErrorBar error={error} /> : null}
        <Field label={t.colName} required>
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label={t.mailNickname} required validationMessage={nicknameError} validationState={nicknameError ? 'error' : 'none'}>
          <Input value={nickname} onChange={(_, d) => setNickname(d.value)} />
        </Field>
        <Field label={t.colDescription}>
          <Input value={description} onChange={(_, d) => setDescription(d.value)} />
        </Field>
        <Field label={t.membershipType}>
          <RadioGroup layout="horizontal" value={kind} onChange={(_, d) => setKind(d.value as 'assigned' | 'dynamic')}>
            <Radio value="assigned" label={t.assigned} />
            <Radio value="dynamic" label={t.dynamic} />
          </RadioGroup>
        </Field>
        {kind === 'dynamic' ? (
          <div className={s.card}>
            <Field
              label={t.membershipRule}
              required
              hint={t.membershipRuleHint}
              validationMessage={ruleError ?? (parsed?.ok ? t.ruleValid : undefined)}
              validationState={ruleError ? 'error' : parsed?.ok ? 'success' : 'none'}
            >
              <Textarea value={rule} onChange={(_, d) => { setRule(d.value); setPreview(undefined); }} resize="vertical" />
            </Field>
            <div>
              <Button disabled={!parsed?.ok || previewing} onClick={() => void runPreview()}>
                {t.previewMembers}
              </Button>
            </div>
            {previewing ? <Loading /> : null}
            {preview ? (
              <div aria-live="polite">
                <p>{t.previewResult(preview.matches.length, preview.checked)}</p>
                <ul>
                  {preview.matches.slice(0, 20).map((u) => (
                    <li key={u.id}>
                      {u.displayName} ({u.userPrincipalName})
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        ) : null}
        <div>
          <Button appearance="primary" type="submit" disabled={!ready}>
            {t.create}
          </Button>
        </div>
      </form>
    </>
  );
}
