import { Field, Input, Select, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { ConsoleStrings } from '../../../../src/text/console-en-US';
import { AGE_GROUPS, CONSENTS_FOR_MINOR } from '../../../../src/domain/users/legal-age-group';

/** The profile's editable values as text (lists one item per line). */
export type ProfileForm = Record<ProfileKey, string>;

export type ProfileKey =
  | 'givenName' | 'surname' | 'userType'
  | 'jobTitle' | 'department' | 'companyName' | 'employeeId'
  | 'streetAddress' | 'city' | 'state' | 'postalCode' | 'country' | 'businessPhones' | 'mobilePhone' | 'otherMails'
  | 'ageGroup' | 'consentProvidedForMinor'
  | 'usageLocation' | 'preferredLanguage';

type FieldDef = { key: ProfileKey; label: (t: ConsoleStrings) => string; kind?: 'select' | 'lines'; options?: readonly string[]; optional?: boolean };

/** The six categories of the source document's Properties tab (manager is picked separately). */
export const CATEGORIES: { title: (t: ConsoleStrings) => string; fields: FieldDef[] }[] = [
  { title: (t) => t.identity, fields: [{ key: 'givenName', label: (t) => t.firstName }, { key: 'surname', label: (t) => t.lastName }, { key: 'userType', label: (t) => t.userType, kind: 'select', options: ['Guest', 'Member'] }] },
  { title: (t) => t.jobInformation, fields: [{ key: 'jobTitle', label: (t) => t.jobTitle }, { key: 'department', label: (t) => t.department }, { key: 'companyName', label: (t) => t.companyName }, { key: 'employeeId', label: (t) => t.employeeId }] },
  {
    title: (t) => t.contactInformation,
    fields: [
      { key: 'streetAddress', label: (t) => t.streetAddress },
      { key: 'city', label: (t) => t.city },
      { key: 'state', label: (t) => t.stateOrProvince },
      { key: 'postalCode', label: (t) => t.postalCode },
      { key: 'country', label: (t) => t.country },
      { key: 'businessPhones', label: (t) => t.businessPhone },
      { key: 'mobilePhone', label: (t) => t.mobilePhone },
      { key: 'otherMails', label: (t) => t.otherEmails, kind: 'lines' },
    ],
  },
  { title: (t) => t.parentalControls, fields: [{ key: 'ageGroup', label: (t) => t.ageGroup, kind: 'select', options: AGE_GROUPS, optional: true }, { key: 'consentProvidedForMinor', label: (t) => t.consentForMinor, kind: 'select', options: CONSENTS_FOR_MINOR, optional: true }] },
  { title: (t) => t.settings, fields: [{ key: 'usageLocation', label: (t) => t.usageLocation }, { key: 'preferredLanguage', label: (t) => t.preferredLanguage }] },
];

export const PROFILE_KEYS = CATEGORIES.flatMap((c) => c.fields.map((f) => f.key));

export const emptyProfile = (): ProfileForm => Object.fromEntries(PROFILE_KEYS.map((k) => [k, k === 'userType' ? 'Guest' : ''])) as ProfileForm;

/** A user's values as form text. */
export function profileFormOf(user: Record<string, unknown>): ProfileForm {
  const form = emptyProfile();
  for (const key of PROFILE_KEYS) {
    const v = user[key];
    form[key] = Array.isArray(v) ? v.join('\n') : v === null || v === undefined ? (key === 'userType' ? 'Guest' : '') : String(v);
  }
  return form;
}

/** Form text as Graph values: empty text is null, lists are arrays (businessPhones holds at most one). */
export function profileBodyOf(form: ProfileForm, only?: ReadonlySet<ProfileKey>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of PROFILE_KEYS) {
    if (only && !only.has(key)) continue;
    const v = form[key].trim();
    if (key === 'otherMails') body[key] = v.split('\n').map((x) => x.trim()).filter(Boolean);
    else if (key === 'businessPhones') body[key] = v ? [v] : [];
    else body[key] = v === '' ? null : v;
  }
  return body;
}

const useStyles = makeStyles({
  fieldset: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))', gap: tokens.spacingHorizontalM, margin: 0 },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
});

/** The six categories as fieldsets, with each field's validation message. */
export function ProfileFields(props: { t: ConsoleStrings; form: ProfileForm; errors: Partial<Record<string, string>>; onChange(key: ProfileKey, value: string): void; onBlur?(key: ProfileKey): void }) {
  const s = useStyles();
  const { t } = props;
  return (
    <>
      {CATEGORIES.map((category) => (
        <fieldset key={category.title(t)} className={s.fieldset}>
          <legend className={s.legend}>{category.title(t)}</legend>
          {category.fields.map((f) => {
            const message = props.errors[f.key];
            const common = { validationMessage: message, validationState: message ? ('error' as const) : ('none' as const) };
            const value = props.form[f.key];
            const blur = () => props.onBlur?.(f.key);
            if (f.kind === 'select') {
              return (
                <Field key={f.key} label={f.label(t)} {...common}>
                  <Select value={value} onChange={(_, d) => props.onChange(f.key, d.value)} onBlur={blur}>
                    {f.optional ? <option value="">{t.notSet}</option> : null}
                    {(f.options ?? []).map((o) => (
                      <option key={o} value={o}>
                        {f.key === 'userType' ? t.userTypeName(o) : o}
                      </option>
                    ))}
                  </Select>
                </Field>
              );
            }
            if (f.kind === 'lines') {
              return (
                <Field key={f.key} label={f.label(t)} {...common}>
                  <Textarea value={value} onChange={(_, d) => props.onChange(f.key, d.value)} onBlur={blur} />
                </Field>
              );
            }
            return (
              <Field key={f.key} label={f.label(t)} {...common}>
                <Input value={value} onChange={(_, d) => props.onChange(f.key, d.value)} onBlur={blur} />
              </Field>
            );
          })}
        </fieldset>
      ))}
    </>
  );
}
