import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi } from './invitations-support';

describe('POST /invitations/preview', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof invitationApi>;
  beforeAll(async () => {
    rt = await startRuntime();
    api = invitationApi(rt);
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    invitedUserEmailAddress: 'preview.guest@contoso.example',
    inviteRedirectUrl: 'https://apps.fabrikam.example/start',
    invitedUserMessageInfo: { customizedMessageBody: 'Hello <script>alert(1)</script>\n"><img src=x onerror=alert(1)>', messageLanguage: 'nl-NL' },
    ...overrides,
  });

  it('when an inviter previews, then the rendered mail comes back in the asked language, escaped, and nothing is written or sent', async () => {
    const token = await rt.token({ roles: ['User.Invite.All'] });
    const before = await api.rowCounts();
    const res = await api.call('POST', 'invitations/preview', token, body());
    expect(res.status).toBe(200);
    expect(res.body['language']).toBe('nl-NL');
    expect(res.body['subject']).toMatch(/heeft u uitgenodigd/);
    expect(res.body['html']).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body['html']).not.toMatch(/<script|<img/);
    expect(res.body['plainText']).toContain('Hello <script>alert(1)</script>');
    expect(res.body['plainText']).toContain('https://apps.fabrikam.example/start');
    expect(await api.rowCounts()).toEqual(before);
    const mailbox = (await (await fetch(`${rt.url}/dev/mailbox?to=preview.guest@contoso.example`)).json()) as unknown[];
    expect(mailbox).toHaveLength(0);
  });

  it('when no language is asked, then the organization default (en-US) applies', async () => {
    const token = await rt.token({ roles: ['User.Invite.All'] });
    const res = await api.call('POST', 'invitations/preview', token, body({ invitedUserMessageInfo: { customizedMessageBody: 'Hi' } }));
    expect(res.status).toBe(200);
    expect(res.body['language']).toBe('en-US');
    expect(res.body['subject']).toMatch(/invited you to access applications within/);
  });

  it('when the body is invalid or the caller may not invite, then it is 400 naming the field, or 403', async () => {
    const token = await rt.token({ roles: ['User.Invite.All'] });
    const bad = await api.call('POST', 'invitations/preview', token, body({ invitedUserMessageInfo: { customizedMessageBody: 'x'.repeat(10_001) } }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('invitedUserMessageInfo.customizedMessageBody');
    const reader = await rt.token({ roles: ['AuditLog.Read.All'] });
    expect((await api.call('POST', 'invitations/preview', reader, body())).status).toBe(403);
  });
});
