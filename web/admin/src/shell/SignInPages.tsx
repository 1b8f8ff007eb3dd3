import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { LanguageSwitch } from '../app/App';
import { useLocale } from '../i18n';
import { useCommonStyles } from './common';

const useStyles = makeStyles({
  page: { maxWidth: '36rem', margin: '10vh auto', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  const s = useStyles();
  const c = useCommonStyles();
  return (
    <main className={s.page}>
      <h1 className={c.h1}>{title}</h1>
      {children}
      <LanguageSwitch />
    </main>
  );
}

export function SignInPage({ onSignIn }: { onSignIn: () => void }) {
  const { t } = useLocale();
  return (
    <Card title={t.appName}>
      <p>{t.signInIntro}</p>
      <div>
        <Button appearance="primary" onClick={onSignIn}>
          {t.signIn}
        </Button>
      </div>
    </Card>
  );
}

export function NoAccessPage({ name, onSignOut }: { name: string; onSignOut: () => void }) {
  const { t } = useLocale();
  return (
    <Card title={t.noAccessTitle}>
      <p>{t.noAccessBody(name)}</p>
      <div>
        <Button onClick={onSignOut}>{t.signOut}</Button>
      </div>
    </Card>
  );
}

export function FailurePage({ message }: { message: string }) {
  const { t } = useLocale();
  return (
    <Card title={t.signInFailed}>
      <p role="alert">{message}</p>
      <div>
        <Button onClick={() => location.assign('/api/admin/')}>{t.retry}</Button>
      </div>
    </Card>
  );
}
