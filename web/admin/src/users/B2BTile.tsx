import { Badge, Button } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ConfirmDialog, ErrorBar, Loading, Notice, useCommonStyles, useLoad } from '../shell/common';
import type { UserRow } from './users-api';

type InvitationStatus = { invitedUserEmailAddress: string; inviteRedirectUrl: string; status: string; invitedDateTime: string; lastSentDateTime: string | null; sentCount: number };

/** The source document's "B2B collaboration" tile: state, Resend invitation, Reset redemption status. */
export function B2BTile({ user, onChanged }: { user: UserRow; onChanged: () => void }) {
  const { t, formatDate } = useLocale();
  const { api, canInvite } = useAccess();
  const s = useCommonStyles();
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [confirmReset, setConfirmReset] = useState(false);
  const [busy, setBusy] = useState(false);
  const invitation = useLoad(async () => {
    try {
      return (await api.api(`/users/${user.id}/invitation`).get()) as InvitationStatus;
    } catch (e) {
      if (apiError(e).status === 404) return null;
      throw e;
    }
  }, [user.id]);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await run();
      setNotice(done);
      invitation.reload();
      onChanged();
    } catch (e) {
      setError(apiError(e));
    } finally {
      setBusy(false);
    }
  };
  const state = user.externalUserState ?? invitation.data?.status ?? '';
  const inv = invitation.data;

  return (
    <section className={s.card} aria-labelledby="b2b-title">
      <h2 id="b2b-title" className={s.h2}>
        {t.b2bTitle}
      </h2>
      {invitation.error ? <ErrorBar error={invitation.error} onReload={invitation.reload} /> : null}
      {invitation.loading && !inv ? <Loading /> : null}
      {inv === null ? <p>{t.notInvited}</p> : null}
      {inv ? (
        <>
          <dl className={s.dl}>
            <dt>{t.invitationState}</dt>
            <dd>
              <Badge appearance="tint" color={state === 'Accepted' ? 'success' : 'warning'}>
                {state}
              </Badge>
            </dd>
            <dt>{t.email}</dt>
            <dd>{inv.invitedUserEmailAddress}</dd>
            <dt>{t.invitedOn}</dt>
            <dd>{formatDate(inv.invitedDateTime)}</dd>
            <dt>{t.lastSent}</dt>
            <dd>{formatDate(inv.lastSentDateTime)}</dd>
            <dt>{t.timesSent}</dt>
            <dd>{inv.sentCount}</dd>
          </dl>
          {canInvite ? (
            <div className={s.row}>
              {state === 'PendingAcceptance' ? (
                <Button disabled={busy} onClick={() => void act(() => api.api(`/users/${user.id}/invitation/resend`).post({}), t.resent)}>
                  {t.resendInvitation}
                </Button>
              ) : null}
              <Button disabled={busy} onClick={() => setConfirmReset(true)}>
                {t.resetRedemption}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? <ErrorBar error={error} onReload={invitation.reload} /> : null}
      {inv ? (
        <ConfirmDialog
          open={confirmReset}
          title={t.resetConfirmTitle}
          body={t.resetConfirmBody(inv.invitedUserEmailAddress)}
          confirm={t.resetRedemption}
          onCancel={() => setConfirmReset(false)}
          onConfirm={() => {
            setConfirmReset(false);
            void act(
              () =>
                api.api('/invitations').post({
                  invitedUserEmailAddress: inv.invitedUserEmailAddress,
                  inviteRedirectUrl: inv.inviteRedirectUrl,
                  invitedUser: { id: user.id },
                  resetRedemption: true,
                  sendInvitationMessage: true,
                }),
              t.resetDone,
            );
          }}
        />
      ) : null}
    </section>
  );
}
