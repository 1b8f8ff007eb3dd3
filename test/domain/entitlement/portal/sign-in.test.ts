import { describe, expect, it } from 'vitest';
import { newPasscode, PASSCODE_MAX_WRONG_ATTEMPTS, sendPasscode, verifyPasscode } from '../../../../src/domain/entitlement/portal/passcodes';
import type { PortalSignInDeps } from '../../../../src/domain/entitlement/portal/ports';
import { endSession, sessionEmail } from '../../../../src/domain/entitlement/portal/sessions';
import { memorySignIn } from './doubles';

function setup() {
  return memorySignIn();
}

const send = (deps: PortalSignInDeps, email: string, clientKey = 'client-a') => sendPasscode(deps, { email, clientKey, language: 'en-US' });
const verify = (deps: PortalSignInDeps, email: string, code: string, clientKey = 'client-a') => verifyPasscode(deps, { email, code, clientKey });
const wrong = (code: string) => String((Number(code) + 1) % 10 ** 8).padStart(8, '0');

describe('portal one-time passcodes', () => {
  it('when a code is sent, then the mail carries 8 digits and the store holds only a salted hash', async () => {
    const { deps, stores, codeOf } = setup();
    await send(deps, 'Lena@Fabrikam.example');
    const code = codeOf('lena@fabrikam.example')!;
    expect(code).toMatch(/^\d{8}$/);
    const row = stores.codes.get('lena@fabrikam.example')!.value;
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row.expiresAt).toBe(new Date(deps.now().getTime() + 30 * 60_000).toISOString());
  });

  it('when the right code is given, then a session opens for the address and the code cannot be used again', async () => {
    const { deps, codeOf } = setup();
    await send(deps, 'lena@fabrikam.example');
    const code = codeOf('lena@fabrikam.example')!;
    const first = await verify(deps, 'lena@fabrikam.example', code);
    expect(first.ok).toBe(true);
    expect(first.ok && (await sessionEmail(deps, first.token))).toBe('lena@fabrikam.example');
    expect((await verify(deps, 'lena@fabrikam.example', code)).ok).toBe(false);
  });

  it('when five wrong codes are given, then even the right code is refused afterwards', async () => {
    const { deps, codeOf } = setup();
    await send(deps, 'lena@fabrikam.example');
    const code = codeOf('lena@fabrikam.example')!;
    for (let i = 0; i < PASSCODE_MAX_WRONG_ATTEMPTS; i++) expect((await verify(deps, 'lena@fabrikam.example', wrong(code))).ok).toBe(false);
    expect((await verify(deps, 'lena@fabrikam.example', code)).ok).toBe(false);
  });

  it('when four wrong codes are given, then the right one still works', async () => {
    const { deps, codeOf } = setup();
    await send(deps, 'lena@fabrikam.example');
    const code = codeOf('lena@fabrikam.example')!;
    for (let i = 0; i < PASSCODE_MAX_WRONG_ATTEMPTS - 1; i++) await verify(deps, 'lena@fabrikam.example', wrong(code));
    expect((await verify(deps, 'lena@fabrikam.example', code)).ok).toBe(true);
  });

  it('when 30 minutes have passed, then the code is refused', async () => {
    const { deps, clock, codeOf } = setup();
    await send(deps, 'lena@fabrikam.example');
    clock.advance(30 * 60_000);
    expect((await verify(deps, 'lena@fabrikam.example', codeOf('lena@fabrikam.example')!)).ok).toBe(false);
  });

  it('when a new code is sent, then the previous one no longer works', async () => {
    const { deps, codeOf } = setup();
    await send(deps, 'lena@fabrikam.example');
    const old = codeOf('lena@fabrikam.example')!;
    await send(deps, 'lena@fabrikam.example');
    const fresh = codeOf('lena@fabrikam.example')!;
    if (fresh !== old) expect((await verify(deps, 'lena@fabrikam.example', old)).ok).toBe(false);
    expect((await verify(deps, 'lena@fabrikam.example', fresh)).ok).toBe(true);
  });

  it('when an address asks for a fourth code within minutes, then it is throttled, and five minutes later it may ask again', async () => {
    const { deps, clock } = setup();
    for (let i = 0; i < 3; i++) await send(deps, 'lena@fabrikam.example', `client-${i}`);
    await expect(send(deps, 'lena@fabrikam.example', 'client-9')).rejects.toMatchObject({ code: 'throttled' });
    clock.advance(5 * 60_000);
    await expect(send(deps, 'lena@fabrikam.example', 'client-9')).resolves.toBeUndefined();
  });

  it('when one client asks codes for many addresses, then it is throttled after ten', async () => {
    const { deps, mails } = setup();
    for (let i = 0; i < 10; i++) await send(deps, `person${i}@fabrikam.example`);
    await expect(send(deps, 'person10@fabrikam.example')).rejects.toMatchObject({ code: 'throttled', retryAfterSeconds: expect.any(Number) });
    expect(mails).toHaveLength(10);
  });

  it('when no code was ever sent to the address, then verification answers as for a wrong code', async () => {
    const { deps } = setup();
    expect(await verify(deps, 'nobody@fabrikam.example', '12345678')).toEqual({ ok: false });
  });
});

describe('portal sessions', () => {
  it('when 24 hours have passed, then the session is over; when it is ended, then it is gone', async () => {
    const { deps, clock, codeOf } = setup();
    await send(deps, 'lena@fabrikam.example');
    const opened = await verify(deps, 'lena@fabrikam.example', codeOf('lena@fabrikam.example')!);
    if (!opened.ok) throw new Error('no session');
    clock.advance(24 * 3_600_000 - 1);
    expect(await sessionEmail(deps, opened.token)).toBe('lena@fabrikam.example');
    await endSession(deps, opened.token);
    expect(await sessionEmail(deps, opened.token)).toBeUndefined();
    await send(deps, 'max@fabrikam.example');
    const other = await verify(deps, 'max@fabrikam.example', codeOf('max@fabrikam.example')!);
    if (!other.ok) throw new Error('no session');
    clock.advance(24 * 3_600_000);
    expect(await sessionEmail(deps, other.token)).toBeUndefined();
  });

  it('when a token is malformed or unknown, then there is no session', async () => {
    const { deps } = setup();
    expect(await sessionEmail(deps, 'not-a-token')).toBeUndefined();
    expect(await sessionEmail(deps, 'A'.repeat(43))).toBeUndefined();
  });
});

describe('passcode generation', () => {
  it('when the random source gives values above the unbiased range, then they are drawn again', () => {
    const draws = [Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from([0, 0, 0, 42])];
    expect(newPasscode(() => draws.shift()!)).toBe('00000042');
  });
});
