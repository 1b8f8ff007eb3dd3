import { FluentProvider, RendererProvider, createDOMRenderer, makeStaticStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, apiError } from './api/graph';
import { completeSignIn, currentSession, isRedirectBack, loadConfig, signIn, signOut, type ConsoleConfig, type Session } from './auth/session';
import { App } from './app/App';
import { AccessContext, permissionsOf, type Access } from './app/access';
import { currentPath, navigate } from './app/router';
import { LocaleProvider } from './i18n';
import { NoAccessPage, SignInPage, FailurePage } from './shell/SignInPages';
import type { DirectoryRoleWire } from '../../../src/domain/roles/directory-role-wire';

// Fluent UI writes its styles at run time; the server's Content-Security-Policy admits them by this nonce.
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
const renderer = createDOMRenderer(document, { styleElementAttributes: nonce ? { nonce } : {} });

function useSystemDark(): boolean {
  const query = matchMedia('(prefers-color-scheme: dark)');
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, [query]);
  return dark;
}

const useGlobalStyles = makeStaticStyles({
  body: { margin: 0 },
  // Long addresses (guest UPNs) wrap inside their column instead of running into the next one.
  'td, dd': { overflowWrap: 'anywhere' },
});

function Frame({ children }: { children: ReactNode }) {
  const dark = useSystemDark();
  return (
    <RendererProvider renderer={renderer} targetDocument={document}>
      <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 }}>
        <GlobalStyles />
        <LocaleProvider>{children}</LocaleProvider>
      </FluentProvider>
    </RendererProvider>
  );
}

function GlobalStyles() {
  useGlobalStyles();
  return null;
}

type Boot =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'signedOut'; config: ConsoleConfig }
  | { kind: 'noAccess'; config: ConsoleConfig; session: Session }
  | { kind: 'ready'; config: ConsoleConfig; access: Access };

async function boot(): Promise<Boot> {
  const config = await loadConfig();
  if (isRedirectBack()) {
    const returnTo = await completeSignIn(config);
    navigate(returnTo, true);
  }
  const session = currentSession();
  if (!session) return { kind: 'signedOut', config };
  const api = createApi(() => currentSession()?.accessToken);
  try {
    const page = (await api.api('/me/memberOf/microsoft.graph.directoryRole').get()) as { value: DirectoryRoleWire[] };
    const roles = new Set(page.value.map((r) => r.displayName));
    if (!permissionsOf(roles).isAdmin) return { kind: 'noAccess', config, session };
    return { kind: 'ready', config, access: { api, session, roles } };
  } catch (error) {
    // Not a directory user (or disabled): the API refuses /me; that is "no access", not an error.
    if (apiError(error).status === 403) return { kind: 'noAccess', config, session };
    throw error;
  }
}

function Root() {
  const [state, setState] = useState<Boot>({ kind: 'loading' });
  useEffect(() => {
    boot().then(setState, (e: unknown) => setState({ kind: 'failed', message: apiError(e).message }));
  }, []);
  switch (state.kind) {
    case 'loading':
      return null;
    case 'failed':
      return <FailurePage message={state.message} />;
    case 'signedOut':
      return <SignInPage onSignIn={() => signIn(state.config, currentPath()).catch((e: unknown) => setState({ kind: 'failed', message: apiError(e).message }))} />;
    case 'noAccess':
      return <NoAccessPage name={state.session.name} onSignOut={() => void signOut(state.config)} />;
    case 'ready':
      return (
        <AccessContext.Provider value={state.access}>
          <App onSignOut={() => void signOut(state.config)} />
        </AccessContext.Provider>
      );
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Frame>
      <Root />
    </Frame>
  </StrictMode>,
);
