import { Button, Checkbox, Field, Input, Radio, RadioGroup, Select, Tab, TabList, Textarea } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { apiError, type Api, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { navigate } from '../app/router';
import { useLocale } from '../i18n';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { ErrorBar, Loading, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { EM, type AccessPackage, type Catalog } from './em';

type Step = 'basics' | 'resources' | 'requests' | 'review';
const STEPS: Step[] = ['basics', 'resources', 'requests', 'review'];
const NEW_CATALOG = '__new__';

type Draft = {
  name: string;
  description: string;
  catalogId: string;
  newCatalogName: string;
  groups: Picked[];
  scope: 'allExternalUsers' | 'notSpecified';
  approval: boolean;
  approver: Picked | undefined;
  days: string;
};

/** Adds a group to the catalog (or finds it there) and returns the catalog resource's id. */
async function catalogResourceOf(api: Api, catalogId: string, groupId: string): Promise<string> {
  try {
    const added = (await api.api(`${EM}/resourceRequests`).post({ requestType: 'adminAdd', resource: { originId: groupId, originSystem: 'AadGroup' }, catalog: { id: catalogId } })) as { resource: { id: string } };
    return added.resource.id;
  } catch (e) {
    if (apiError(e).status !== 409) throw e;
    const existing = (await api.api(`${EM}/catalogs/${catalogId}/resources`).get()) as { value: { id: string; originId: string }[] };
    const found = existing.value.find((r) => r.originId === groupId);
    if (!found) throw e;
    return found.id;
  }
}

/** Errors per field; the API checks the same again. */
function problems(d: Draft, t: ReturnType<typeof useLocale>['t']): Partial<Record<'name' | 'newCatalogName' | 'approver' | 'days' | 'description', string>> {
  const out: Partial<Record<'name' | 'newCatalogName' | 'approver' | 'days' | 'description', string>> = {};
  if (!d.name.trim()) out.name = t.required;
  else if (d.name.length > 256) out.name = t.tooLong(256);
  if (d.description.length > 2000) out.description = t.tooLong(2000);
  if (d.catalogId === NEW_CATALOG && !d.newCatalogName.trim()) out.newCatalogName = t.required;
  if (d.approval && !d.approver) out.approver = t.required;
  if (d.days.trim() && !/^[1-9]\d{0,3}$/.test(d.days.trim())) out.days = t.invalidDays;
  return out;
}

export function CreatePackageWizard() {
  const { t } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const catalogs = useLoad(() => api.api(`${EM}/catalogs`).get() as Promise<{ value: Catalog[] }>, []);
  const [step, setStep] = useState<Step>('basics');
  const [d, setD] = useState<Draft>({ name: '', description: '', catalogId: NEW_CATALOG, newCatalogName: 'General', groups: [], scope: 'allExternalUsers', approval: true, approver: undefined, days: '365' });
  const [picking, setPicking] = useState<Picked | undefined>();
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const errs = problems(d, t);
  const msg = (k: keyof typeof errs) => (showAll ? errs[k] : undefined);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));

  const create = async () => {
    setShowAll(true);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(undefined);
    try {
      const catalogId =
        d.catalogId === NEW_CATALOG
          ? ((await api.api(`${EM}/catalogs`).post({ displayName: d.newCatalogName.trim(), state: 'published', isExternallyVisible: true })) as Catalog).id
          : d.catalogId;
      const pkg = (await api.api(`${EM}/accessPackages`).post({ displayName: d.name.trim(), description: d.description.trim(), catalog: { id: catalogId } })) as AccessPackage;
      for (const g of d.groups) {
        const resourceId = await catalogResourceOf(api, catalogId, g.id);
        await api.api(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`).post({ role: { originId: `Member_${g.id}`, originSystem: 'AadGroup', resource: { id: resourceId } }, scope: { originId: 'Root', originSystem: 'AadGroup' } });
      }
      const days = d.days.trim();
      await api.api(`${EM}/assignmentPolicies`).post({
        displayName: d.scope === 'allExternalUsers' ? 'External users' : 'Administrator assignments',
        allowedTargetScope: d.scope,
        expiration: days ? { type: 'afterDuration', duration: `P${days}D` } : { type: 'noExpiration' },
        requestorSettings: { enableTargetsToSelfAddAccess: d.scope === 'allExternalUsers' },
        requestApprovalSettings: {
          isApprovalRequiredForAdd: d.approval,
          stages: d.approval && d.approver ? [{ durationBeforeAutomaticDenial: 'P14D', primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: d.approver.id }] }] : [],
        },
        accessPackage: { id: pkg.id },
      });
      navigate(`access-packages/${pkg.id}`);
    } catch (e) {
      setError(apiError(e));
    } finally {
      setBusy(false);
    }
  };
  const next = STEPS[STEPS.indexOf(step) + 1];
  // On a step change, focus goes to the new step's heading, so a screen reader reads where it is.
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) firstStep.current = false;
    else stepHeading.current?.focus();
  }, [step]);
  const stepTitle = { basics: t.wizardBasics, resources: t.resourceRoles, requests: t.requests, review: t.review }[step];

  return (
    <>
      <PageHeader title={t.newPackage} />
      <TabList selectedValue={step} onTabSelect={(_, x) => setStep(x.value as Step)}>
        <Tab value="basics">{t.wizardBasics}</Tab>
        <Tab value="resources">{t.resourceRoles}</Tab>
        <Tab value="requests">{t.requests}</Tab>
        <Tab value="review">{t.review}</Tab>
      </TabList>
      <form
        className={s.stack}
        style={{ marginTop: 16 }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'review') void create();
          else setStep(next ?? 'review');
        }}
      >
        <h2 ref={stepHeading} tabIndex={-1} className={s.h2}>
          {stepTitle}
        </h2>
        {step === 'basics' ? (
          <>
            <Field label={t.packageName} required validationMessage={msg('name')} validationState={msg('name') ? 'error' : 'none'}>
              <Input value={d.name} onChange={(_, x) => set({ name: x.value })} />
            </Field>
            <Field label={t.packageDescription} validationMessage={msg('description')} validationState={msg('description') ? 'error' : 'none'}>
              <Textarea value={d.description} onChange={(_, x) => set({ description: x.value })} />
            </Field>
            {catalogs.error ? <ErrorBar error={catalogs.error} onReload={catalogs.reload} /> : null}
            {catalogs.loading ? <Loading /> : null}
            <Field label={t.catalog}>
              <Select value={d.catalogId} onChange={(_, x) => set({ catalogId: x.value })}>
                <option value={NEW_CATALOG}>{t.newCatalog}</option>
                {(catalogs.data?.value ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.displayName}
                  </option>
                ))}
              </Select>
            </Field>
            {d.catalogId === NEW_CATALOG ? (
              <Field label={t.newCatalogName} required validationMessage={msg('newCatalogName')} validationState={msg('newCatalogName') ? 'error' : 'none'}>
                <Input value={d.newCatalogName} onChange={(_, x) => set({ newCatalogName: x.value })} />
              </Field>
            ) : null}
          </>
        ) : null}
        {step === 'resources' ? (
          <>
            <ObjectPicker label={t.addGroupResource} path="/groups" value={picking} onChange={setPicking} />
            <div>
              <Button disabled={!picking || d.groups.some((g) => g.id === picking.id)} onClick={() => picking && (set({ groups: [...d.groups, picking] }), setPicking(undefined))}>
                {t.addGroup}
              </Button>
            </div>
            {d.groups.length ? (
              <ul aria-label={t.resourceRoles}>
                {d.groups.map((g) => (
                  <li key={g.id}>
                    {g.displayName} ({t.memberRole}){' '}
                    <Button size="small" aria-label={`${t.remove} ${g.displayName}`} onClick={() => set({ groups: d.groups.filter((x) => x !== g) })}>
                      {t.remove}
                    </Button>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t.none}</p>
            )}
          </>
        ) : null}
        {step === 'requests' ? (
          <>
            <p>{t.requestsIntro}</p>
            <Field label={t.whoCanRequest}>
              <RadioGroup value={d.scope} onChange={(_, x) => set({ scope: x.value as Draft['scope'] })}>
                <Radio value="allExternalUsers" label={t.allExternalUsers} />
                <Radio value="notSpecified" label={t.noExternal} />
              </RadioGroup>
            </Field>
            <Checkbox label={t.requireApproval} checked={d.approval} onChange={(_, x) => set({ approval: Boolean(x.checked) })} />
            {d.approval ? (
              <>
                <ObjectPicker label={t.approver} path="/users" value={d.approver} onChange={(approver) => set({ approver })} />
                {msg('approver') ? <p role="alert">{`${t.approver}: ${msg('approver')}`}</p> : null}
              </>
            ) : null}
            <Field label={t.expiration} hint={t.expirationHint} validationMessage={msg('days')} validationState={msg('days') ? 'error' : 'none'}>
              <Input inputMode="numeric" value={d.days} onChange={(_, x) => set({ days: x.value })} />
            </Field>
          </>
        ) : null}
        {step === 'review' ? (
          <dl className={s.dl}>
            <dt>{t.packageName}</dt>
            <dd>{d.name || '—'}</dd>
            <dt>{t.catalog}</dt>
            <dd>{d.catalogId === NEW_CATALOG ? `${d.newCatalogName} (${t.newCatalog})` : catalogs.data?.value.find((c) => c.id === d.catalogId)?.displayName}</dd>
            <dt>{t.resourceRoles}</dt>
            <dd>{d.groups.map((g) => g.displayName).join(', ') || t.none}</dd>
            <dt>{t.whoCanRequest}</dt>
            <dd>{d.scope === 'allExternalUsers' ? t.allExternalUsers : t.noExternal}</dd>
            <dt>{t.approver}</dt>
            <dd>{d.approval ? (d.approver?.displayName ?? '—') : t.none}</dd>
            <dt>{t.expiration}</dt>
            <dd>{d.days || '—'}</dd>
          </dl>
        ) : null}
        {showAll && Object.keys(errs).length ? <p role="alert">{t.fixErrors}</p> : null}
        {error ? <ErrorBar error={error} /> : null}
        <div className={s.row}>
          {step !== 'basics' ? <Button onClick={() => setStep(STEPS[STEPS.indexOf(step) - 1]!)}>{t.previous}</Button> : null}
          <Button type="submit" appearance="primary" disabled={busy}>
            {step === 'review' ? (busy ? t.creating : t.create) : t.next}
          </Button>
          <Button onClick={() => navigate('access-packages')}>{t.cancel}</Button>
        </div>
      </form>
    </>
  );
}
