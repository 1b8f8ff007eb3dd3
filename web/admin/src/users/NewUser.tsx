import { Button, Field, Input, Select } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link, navigate } from '../app/router';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, PageHeader, useCommonStyles, useLoad } from '../shell/common';

type Organization = { verifiedDomains: { name: string; isDefault: boolean }[] };

const EMAIL = /^[^\s@"<>()[\]\\,;:]{1,64}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const ALIAS = /^[A-Za-z0-9'_!#^~-]([A-Za-z0-9'._!#^~-]{0,111}[A-Za-z0-9'_!#^~-])?$/;

/**
 * New user: an employee added as a member by their work email. Their sign-in is linked to this
 * user at their first sign-in from the verified email claim (see the README).
 */
export function NewUser() {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const org = useLoad(async () => ((await api.api('/organization').get()) as { value: Organization[] }).value[0], []);
  const [displayName, setDisplayName] = useState('');
  const [alias, setAlias] = useState('');
  const [domain, setDomain] = useState('');
  const [mail, setMail] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  if (org.loading && !org.data) return <Loading />;
  if (org.error || !org.data) return org.error ? <ErrorBar error={org.error} onReload={org.reload} /> : null;
  const domains = org.data.verifiedDomains.map((d) => d.name);
  const chosenDomain = domain || org.data.verifiedDomains.find((d) => d.isDefault)?.name || domains[0] || '';
  const aliasError = alias && !ALIAS.test(alias) ? t.aliasRule : undefined;
  const mailError = mail && !EMAIL.test(mail.trim()) ? t.invalidEmail : undefined;
  const ready = displayName.trim() && alias && !aliasError && !mailError;
  const create = async () => {
    setError(undefined);
    try {
      const user = (await api.api('/users').post({
        accountEnabled: true,
        displayName: displayName.trim(),
        mailNickname: alias,
        userPrincipalName: `${alias}@${chosenDomain}`,
        ...(mail.trim() ? { mail: mail.trim() } : {}),
      })) as { id: string };
      navigate(`users/${user.id}`);
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={t.newUserTitle} />
      <p>
        <Link to="users">{t.backToUsers}</Link>
      </p>
      <form
        className={s.stack}
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <p>{t.newUserIntro}</p>
        {error ? <ErrorBar error={error} /> : null}
        <Field label={t.colDisplayName} required>
          <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
        </Field>
        <div className={s.row}>
          <Field label={t.userNameAlias} required validationMessage={aliasError} validationState={aliasError ? 'error' : 'none'}>
            <Input value={alias} onChange={(_, d) => setAlias(d.value)} />
          </Field>
          <Field label={t.domainName}>
            <Select value={chosenDomain} onChange={(_, d) => setDomain(d.value)}>
              {domains.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label={t.workEmail} hint={t.workEmailHint} validationMessage={mailError} validationState={mailError ? 'error' : 'none'}>
          <Input type="email" value={mail} onChange={(_, d) => setMail(d.value)} />
        </Field>
        <div>
          <Button appearance="primary" type="submit" disabled={!ready}>
            {t.create}
          </Button>
        </div>
      </form>
    </>
  );
}
