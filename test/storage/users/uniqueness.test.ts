import { describe, expect, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import { createUser } from '../../../src/domain/users/create-user';
import { findUserByEmail, getUser } from '../../../src/domain/users/find-user';
import { updateUser } from '../../../src/domain/users/update-user';
import { CLAIM_LEASE_MS } from '../../../src/storage/user-index';
import { buildCreateInput, buildUserDeps } from './support';

const failureCode = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof Failure ? e.code : String(e)));

describe('unique addresses of users on Azurite', () => {
  it('when two users are created at once with the same email in different case, then one wins and the other gets conflict', async () => {
    const deps = await buildUserDeps();
    const results = await Promise.all([
      failureCode(createUser(deps, buildCreateInput({ mail: 'Anna@Contoso.com' }))),
      failureCode(createUser(deps, buildCreateInput({ mail: 'anna@contoso.COM' }))),
    ]);
    expect(results.sort()).toEqual(['conflict', 'ok']);
    expect((await findUserByEmail(deps, 'ANNA@contoso.com'))?.mail?.toLowerCase()).toBe('anna@contoso.com');
  });

  it("when a new user's otherMails holds another user's UPN, then the create is a conflict naming the address", async () => {
    const deps = await buildUserDeps();
    const first = await createUser(deps, buildCreateInput());
    const error = await createUser(deps, buildCreateInput({ otherMails: [first.userPrincipalName.toUpperCase()] })).catch((e: Failure) => e);
    expect(error).toBeInstanceOf(Failure);
    expect((error as Failure).code).toBe('conflict');
    expect((error as Failure).message.toLowerCase()).toContain(first.userPrincipalName.toLowerCase());
  });

  it('when the process dies between claiming addresses and writing the user, then nothing is visible, the address is blocked only for the lease, and then it is reclaimed', async () => {
    let crash = true;
    const deps = await buildUserDeps({
      hooks: {
        afterClaims: async () => {
          if (crash) throw new Error('simulated crash between writes');
        },
      },
    });
    const crashed = buildCreateInput({ mail: 'crash@contoso.com' });
    await expect(createUser(deps, crashed)).rejects.toThrow('simulated crash');
    crash = false;

    expect(await findUserByEmail(deps, 'crash@contoso.com')).toBeUndefined();
    expect(await deps.users.findUserIdByAddress('crash@contoso.com')).toEqual(expect.any(String));
    await expect(getUser(deps, crashed.profile.userPrincipalName)).rejects.toMatchObject({ code: 'notFound' });

    expect(await failureCode(createUser(deps, buildCreateInput({ mail: 'crash@contoso.com' })))).toBe('conflict');
    deps.clock.now = new Date(deps.clock.now.getTime() + CLAIM_LEASE_MS + 1000);
    const winner = await createUser(deps, buildCreateInput({ mail: 'CRASH@contoso.com' }));
    expect((await findUserByEmail(deps, 'crash@contoso.com'))?.id).toBe(winner.id);
  });

  it('when a create with a caller-chosen id crashed between writes and is retried, then the retry finishes it at once', async () => {
    let crash = true;
    const deps = await buildUserDeps({ hooks: { afterClaims: async () => { if (crash) throw new Error('simulated crash'); } } });
    const input = buildCreateInput({ mail: 'retry@contoso.com' }, { id: crypto.randomUUID() });
    await expect(createUser(deps, input)).rejects.toThrow('simulated crash');
    crash = false;
    const user = await createUser(deps, input);
    expect(user.id).toBe(input.id);
    expect((await findUserByEmail(deps, 'retry@contoso.com'))?.id).toBe(input.id);
    expect(await createUser(deps, input)).toMatchObject({ id: input.id });
  });

  it('when a user changes mail, then the old address is freed for others and the new one is taken', async () => {
    const deps = await buildUserDeps();
    const anna = await createUser(deps, buildCreateInput({ mail: 'old@contoso.com' }));
    await updateUser(deps, { id: anna.id, changes: { mail: 'new@contoso.com' }, initiatedBy: { kind: 'app', appId: 'a' } });
    expect(await findUserByEmail(deps, 'old@contoso.com')).toBeUndefined();
    expect((await findUserByEmail(deps, 'NEW@contoso.com'))?.id).toBe(anna.id);
    expect(await failureCode(createUser(deps, buildCreateInput({ mail: 'old@contoso.com' })))).toBe('ok');
    expect(await failureCode(createUser(deps, buildCreateInput({ mail: 'new@contoso.com' })))).toBe('conflict');
  });

  it('when an update crashes after claiming the new address, then the user keeps the old one and the new one is not found', async () => {
    let crash = false;
    const deps = await buildUserDeps({ hooks: { afterClaims: async () => { if (crash) throw new Error('simulated crash'); } } });
    const anna = await createUser(deps, buildCreateInput({ mail: 'keep@contoso.com' }));
    crash = true;
    await expect(updateUser(deps, { id: anna.id, changes: { mail: 'half@contoso.com' }, initiatedBy: { kind: 'app', appId: 'a' } })).rejects.toThrow();
    expect(await findUserByEmail(deps, 'half@contoso.com')).toBeUndefined();
    expect((await findUserByEmail(deps, 'keep@contoso.com'))?.id).toBe(anna.id);
  });

  it('when two updates race from the same read, then the second is a precondition failure, not a lost update', async () => {
    const deps = await buildUserDeps();
    const anna = await createUser(deps, buildCreateInput());
    const stale = (await deps.users.get(anna.id))!;
    await deps.users.update(stale, { ...stale.user, jobTitle: 'First' }, { kind: 'updated', before: undefined }, deps.now());
    await expect(deps.users.update(stale, { ...stale.user, jobTitle: 'Second', mail: 'raced@contoso.com' }, { kind: 'updated', before: undefined }, deps.now())).rejects.toMatchObject({ code: 'preconditionFailed' });
    expect((await deps.users.get(anna.id))?.user.jobTitle).toBe('First');
    expect(await deps.users.findUserIdByAddress('raced@contoso.com')).toBeUndefined();
  });
});
