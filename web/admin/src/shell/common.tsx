import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { apiError, isConflict, type ApiError } from '../api/graph';
import { useLocale } from '../i18n';

export const useCommonStyles = makeStyles({
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM, justifyContent: 'space-between', marginBottom: tokens.spacingVerticalM },
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'end', gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalM },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '48rem' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  tableWrap: { overflowX: 'auto', maxWidth: '100%' },
  card: { padding: tokens.spacingHorizontalL, border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '40rem' },
  dl: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0, '& dd': { margin: 0, overflowWrap: 'anywhere' } },
  h1: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  h2: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

/** The page's heading (one h1 per screen) with its commands. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const s = useCommonStyles();
  return (
    <div className={s.header}>
      <h1 className={s.h1}>{title}</h1>
      {children ? <div className={s.row}>{children}</div> : null}
    </div>
  );
}

/** A failed call: the API's message; a lost concurrent update gets its explanation and a reload. */
export function ErrorBar({ error, onReload }: { error: ApiError; onReload?: () => void }) {
  const { t } = useLocale();
  const conflict = isConflict(error);
  return (
    <MessageBar intent={conflict ? 'warning' : 'error'} role="alert">
      <MessageBarBody>
        <MessageBarTitle>{conflict ? t.conflictTitle : t.errorTitle}</MessageBarTitle>
        {conflict ? `${t.conflictBody} (${error.message})` : error.message}
      </MessageBarBody>
      {onReload ? (
        <MessageBarActions>
          <Button onClick={onReload}>{conflict ? t.reload : t.retry}</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <MessageBar intent="success" role="status">
      <MessageBarBody>{children}</MessageBarBody>
    </MessageBar>
  );
}

export function Loading() {
  const { t } = useLocale();
  return <Spinner size="small" label={t.loading} />;
}

/** Loads data with loading and error states; `reload` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: ApiError | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const run = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => run === latest.current && setState({ data, loading: false }),
      (error: unknown) => run === latest.current && setState({ error: apiError(error), loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** A destructive action's confirmation: says what happens, then does it. */
export function ConfirmDialog(props: { open: boolean; title: string; body: string; confirm: string; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useLocale();
  return (
    <Dialog open={props.open} modalType="alert" onOpenChange={(_, d) => !d.open && props.onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>{props.body}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onConfirm}>
              {props.confirm}
            </Button>
            <Button onClick={props.onCancel}>{t.cancel}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
