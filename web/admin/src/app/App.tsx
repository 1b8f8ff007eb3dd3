import { Button, Select, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useEffect, useId, useRef } from 'react';
import { useLocale, LANGUAGES, type Language } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';
import { useAccess } from './access';
import { Link, usePath } from './router';
import { Loading } from '../shell/common';

const UsersArea = lazy(() => import('../users/UsersArea'));
const GovernanceArea = lazy(() => import('../governance/GovernanceArea'));
const ApprovalsArea = lazy(() => import('../approvals/ApprovalsArea'));
const AuditArea = lazy(() => import('../audit/AuditArea'));
const GroupsArea = lazy(() => import('../groups/GroupsArea'));
const ApplicationsArea = lazy(() => import('../applications/ApplicationsArea'));
const RolesArea = lazy(() => import('../roles/RolesArea'));
const SettingsArea = lazy(() => import('../settings/SettingsArea'));

const useStyles = makeStyles({
  shell: { minHeight: '100vh', display: 'grid', gridTemplateRows: 'auto 1fr', gridTemplateColumns: '14rem 1fr', gridTemplateAreas: '"top top" "nav main"', '@media (max-width: 700px)': { gridTemplateColumns: '1fr', gridTemplateAreas: '"top" "nav" "main"', gridTemplateRows: 'auto auto 1fr' } },
  top: { gridArea: 'top', display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  user: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  nav: { gridArea: 'nav', padding: tokens.spacingVerticalM, borderRight: `1px solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground2, '@media (max-width: 700px)': { borderRight: 'none', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` } },
  navList: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, '@media (max-width: 700px)': { flexDirection: 'row', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalL } },
  current: { fontWeight: tokens.fontWeightSemibold },
  main: { gridArea: 'main', padding: tokens.spacingHorizontalXL, minWidth: 0, '@media (max-width: 700px)': { padding: tokens.spacingHorizontalM } },
  skip: { position: 'absolute', left: '-10000px', ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalM, zIndex: 10, padding: tokens.spacingHorizontalS, backgroundColor: tokens.colorNeutralBackground1 } },
  langLabel: { color: tokens.colorNeutralForegroundOnBrand },
});

export function LanguageSwitch({ className }: { className?: string }) {
  const { t, language, setLanguage } = useLocale();
  const id = useId();
  return (
    <span>
      <label htmlFor={id} className={className}>
        {t.language}{' '}
      </label>
      <Select id={id} size="small" value={language} onChange={(_, d) => setLanguage(d.value as Language)}>
        {(Object.keys(LANGUAGES) as Language[]).map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGES[l].name}
          </option>
        ))}
      </Select>
    </span>
  );
}

export function App({ onSignOut }: { onSignOut: () => void }) {
  const s = useStyles();
  const { t } = useLocale();
  const access = useAccess();
  const { segments, path } = usePath();
  // After a navigation, focus moves to the new screen's content, as a page load would put it at the top.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus();
  }, [path]);
  const area = segments[0] ?? (access.canReadUsers ? 'users' : access.canGovern ? 'access-packages' : 'approvals');
  const nav = [
    access.canReadUsers && { to: 'users', label: t.navUsers, areas: ['users'] },
    access.canManageUsers && { to: 'deleted-users', label: t.navDeletedUsers, areas: ['deleted-users'] },
    access.canReadGroups && { to: 'groups', label: t.navGroups, areas: ['groups'] },
    access.canReadApps && { to: 'applications', label: t.navApplications, areas: ['applications'] },
    access.canReadRoles && { to: 'roles', label: t.navRoles, areas: ['roles'] },
    access.canGovern && { to: 'access-packages', label: t.navAccessPackages, areas: ['access-packages'] },
    access.canGovern && { to: 'catalogs', label: t.navCatalogs, areas: ['catalogs'] },
    access.canGovern && { to: 'requests', label: t.navRequests, areas: ['requests'] },
    access.canGovern && { to: 'connected-organizations', label: t.navConnectedOrganizations, areas: ['connected-organizations'] },
    access.canGovern && { to: 'governance-settings', label: t.navGovernanceSettings, areas: ['governance-settings'] },
    { to: 'approvals', label: t.navApprovals, areas: ['approvals'] },
    access.canManageSettings && { to: 'external-collaboration', label: t.navExternalCollaboration, areas: ['external-collaboration'] },
    access.canManageSettings && { to: 'organization-settings', label: t.navOrganizationSettings, areas: ['organization-settings'] },
    access.canReadAudit && { to: 'audit', label: t.navAudit, areas: ['audit'] },
  ].filter((x): x is { to: string; label: string; areas: string[] } => Boolean(x));

  let content;
  if (area === 'users' || area === 'deleted-users') content = <UsersArea />;
  else if (area === 'groups' && access.canReadGroups) content = <GroupsArea />;
  else if (area === 'applications' && access.canReadApps) content = <ApplicationsArea />;
  else if (area === 'roles' && access.canReadRoles) content = <RolesArea />;
  else if ((area === 'external-collaboration' || area === 'organization-settings') && access.canManageSettings) content = <SettingsArea />;
  else if ((area === 'requests' || area === 'connected-organizations' || area === 'governance-settings' || area === 'catalogs') && access.canGovern) content = <GovernanceArea />;
  else if (area === 'access-packages') content = <GovernanceArea />;
  else if (area === 'approvals') content = <ApprovalsArea />;
  else if (area === 'audit' && access.canReadAudit) content = <AuditArea />;
  else content = <p>{t.notFoundPage}</p>;

  return (
    <div className={s.shell}>
      <a className={s.skip} href="#main">
        {t.skipToContent}
      </a>
      <header className={s.top}>
        <span className={s.brand}>{t.appName}</span>
        <div className={s.user}>
          <LanguageSwitch className={s.langLabel} />
          <span>{t.signedInAs(access.session.name)}</span>
          <Button size="small" onClick={onSignOut}>
            {t.signOut}
          </Button>
        </div>
      </header>
      <nav className={s.nav} aria-label={t.navigation}>
        <ul className={s.navList}>
          {nav.map((n) => (
            <li key={n.to}>
              <Link to={n.to} aria-current={n.areas.includes(area) ? 'page' : undefined} className={n.areas.includes(area) ? s.current : undefined}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className={s.main} tabIndex={-1}>
        <ErrorBoundary>
          <Suspense fallback={<Loading />}>{content}</Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
