import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi } from './invitations-support';

const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]';

describe('a bulk job whose chunk ends in the poison queue', () => {
  let rt: TestRuntime;
  let token: string;
  beforeAll(async () => {
    rt = await startRuntime({ env: { INVITE_RATE_LIMIT_PER_5S: '0', EMAIL_RATE_PER_MINUTE: '600', EMAIL_RATE_PER_HOUR: '36000' } });
    token = await rt.token({ roles: ['User.Invite.All'] });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const job = async (location: string) => (await (await fetch(location, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, any>;
  async function waitFor(location: string, done: (j: Record<string, any>) => boolean, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const j = await job(location);
      if (done(j) || Date.now() > deadline) return j;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('when a chunk message reaches the poison queue, then the job shows it stalled; once the cause is fixed, resume finishes it without a second invitation', async () => {
    const address = `stall.${randomUUID().slice(0, 8)}@partner.example`;
    const upload = await fetch(`${rt.url}/api/v1.0/invitations/bulk`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: `${HEADER}\r\n${address},https://apps.example/welcome,true\r\n` });
    expect(upload.status).toBe(202);
    const location = upload.headers.get('location')!;
    const jobId = location.split('/').at(-1)!;
    expect(await waitFor(location, (j) => j['status'] === 'completed')).toMatchObject({ status: 'completed', stalledChunks: [] });
    expect(await invitationApi(rt).mailsTo(address, 1)).toHaveLength(1);

    // Break the chunk (its row no longer parses, its summary is gone) and put its message where the
    // host moves a message whose every delivery failed.
    const table = TableClient.fromConnectionString(rt.storage, 'BulkInvitations', { allowInsecureConnection: true });
    const row = await table.getEntity<{ cells: string }>(jobId, 'row|000001');
    await table.updateEntity({ partitionKey: jobId, rowKey: 'row|000001', cells: '{not json' }, 'Merge');
    await table.deleteEntity(jobId, 'chunk|000000');
    await new QueueClient(rt.storage, 'bulk-invitations-poison').sendMessage(Buffer.from(JSON.stringify({ jobId, chunk: 0 })).toString('base64'));

    const stalled = await waitFor(location, (j) => j['status'] === 'stalled');
    expect(stalled).toMatchObject({ status: 'stalled', stalledChunks: [0], processed: 0, completedDateTime: null });

    const otherApp = randomUUID();
    const other = await rt.token({ roles: ['User.Invite.All'], claims: { azp: otherApp, appid: otherApp } });
    expect((await fetch(`${location}/resume`, { method: 'POST', headers: { authorization: `Bearer ${other}` } })).status).toBe(404);

    await table.updateEntity({ partitionKey: jobId, rowKey: 'row|000001', cells: row.cells }, 'Merge');
    const resumed = await fetch(`${location}/resume`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(resumed.status).toBe(202);
    expect(await resumed.json()).toMatchObject({ resumedChunks: [0], stalledChunks: [] });
    expect(await waitFor(location, (j) => j['status'] === 'completed')).toMatchObject({ status: 'completed', processed: 1, succeeded: 1, stalledChunks: [] });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await invitationApi(rt).mailsTo(address, 2, 500)).toHaveLength(1);
  }, 120_000);
});
