import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession, sessionEmail, sweepPortalSignIns } from '../../../src/domain/entitlement/portal/sessions';
import { createTablePasscodeStore } from '../../../src/storage/portal-passcodes';
import { createTableSessionStore } from '../../../src/storage/portal-sessions';

const fresh = async (prefix: string) => {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true });
  await table.createTable();
  return table;
};

describe('sweeping the My Access sign-in tables on Table Storage', () => {
  let sessionsTable: TableClient;
  let passcodesTable: TableClient;
  beforeAll(async () => {
    sessionsTable = await fresh('sess');
    passcodesTable = await fresh('code');
  });

  it('when the sweep runs, then expired sessions and passcodes are deleted in rounds and live ones still work', async () => {
    const sessions = createTableSessionStore(sessionsTable);
    const passcodes = createTablePasscodeStore(passcodesTable);
    let clock = new Date('2026-05-01T08:00:00Z');
    const deps = { sessions, passcodes, now: () => clock, randomBytes: (n: number) => new Uint8Array(randomBytes(n)) };
    for (let i = 0; i < 3; i++) await openSession(deps, `old${i}@partner.example`);
    for (let i = 0; i < 3; i++) {
      await passcodes.put({ email: `old${i}@partner.example`, codeHash: 'h', salt: 's', issuedAt: clock.toISOString(), expiresAt: new Date(clock.getTime() + 30 * 60_000).toISOString(), attemptsLeft: 5 });
    }
    clock = new Date('2026-05-02T07:00:00Z');
    const live = await openSession(deps, 'live@partner.example');
    await passcodes.put({ email: 'live@partner.example', codeHash: 'h', salt: 's', issuedAt: clock.toISOString(), expiresAt: new Date(clock.getTime() + 30 * 60_000).toISOString(), attemptsLeft: 5 });

    clock = new Date('2026-05-02T09:00:00Z');
    expect(await sweepPortalSignIns(deps, 2)).toEqual({ sessions: 3, passcodes: 4 });
    const count = async (table: TableClient) => {
      let n = 0;
      for await (const _ of table.listEntities()) n++;
      return n;
    };
    expect(await count(sessionsTable)).toBe(1);
    expect(await count(passcodesTable)).toBe(0);
    expect(await sessionEmail(deps, live.token)).toBe('live@partner.example');
  });
});
