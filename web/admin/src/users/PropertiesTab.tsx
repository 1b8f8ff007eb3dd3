import { Button } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { updateUserBody } from '../../../../src/domain/users/user-wire';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ErrorBar, Notice, useCommonStyles } from '../shell/common';
import { PROFILE_KEYS, ProfileFields, profileBodyOf, profileFormOf, type ProfileKey } from './profile-fields';
import type { UserRow } from './users-api';
import { fieldErrors } from './validation';

/** The six categories, editable; Save sends only what changed (PATCH), checked with the API's schema as you type. */
export function PropertiesTab({ user, onSaved }: { user: UserRow; onSaved: () => void }) {
  const { t } = useLocale();
  const { api, canManageUsers } = useAccess();
  const s = useCommonStyles();
  const original = useMemo(() => profileFormOf(user), [user]);
  const [form, setForm] = useState(original);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const changed = new Set(PROFILE_KEYS.filter((k) => form[k] !== original[k]));
  const body = profileBodyOf(form, changed);
  const errors = fieldErrors(updateUserBody, body, t);
  const invalid = Object.keys(errors).length > 0;

  const save = async () => {
    setError(undefined);
    setSaved(false);
    try {
      await api.api(`/users/${user.id}`).patch(body);
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <form
      className={s.stack}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <ProfileFields t={t} form={form} errors={errors} onChange={(key: ProfileKey, value) => setForm((f) => ({ ...f, [key]: value }))} />
      {Array.isArray(user['identities']) && user['identities'].length > 0 ? (
        <div>
          <h2 className={s.h2}>{t.signInIdentities}</h2>
          <ul>
            {(user['identities'] as { signInType: string; issuer: string; issuerAssignedId: string }[]).map((i) => (
              <li key={`${i.issuer} ${i.issuerAssignedId}`}>{`${i.signInType}: ${i.issuer} / ${i.issuerAssignedId}`}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <ErrorBar error={error} onReload={onSaved} /> : null}
      {saved ? <Notice>{t.saved}</Notice> : null}
      {canManageUsers ? (
        <div>
          <Button type="submit" appearance="primary" disabled={changed.size === 0 || invalid}>
            {t.save}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
