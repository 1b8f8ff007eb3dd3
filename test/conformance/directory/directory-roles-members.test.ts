import type { DirectoryRole, DirectoryRoleTemplate } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { graphClient, graphFailure } from '../entitlement/graph-client';
import { buildGroupsWorld, GRAPH, type GroupsWorld } from './groups-fixture';

// Entra's template id of Helpdesk Administrator (a role Gatehouse models).
const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

describe('directoryRoles and directoryRoleTemplates as documented, over the same assignments as roleManagement', () => {
  let rt: TestRuntime;
  let w: GroupsWorld;

  beforeAll(async () => {
    rt = await startRuntime();
    w = await buildGroupsWorld(rt);
  }, 120_000);
  afterAll(async () => {
    await rt?.stop();
  });

  const roles = async () => graphClient(rt, await rt.token({ roles: ['RoleManagement.ReadWrite.Directory'] }));

  it('directoryrole-list: GET /directoryRoles lists the active roles with roleTemplateId', async () => {
    const listed = (await (await roles()).api('/directoryRoles').get()) as { value: DirectoryRole[] };
    expect(listed.value).toEqual(expect.arrayContaining([expect.objectContaining({ id: HELPDESK, roleTemplateId: HELPDESK, displayName: 'Helpdesk Administrator', description: expect.any(String) })]));
  });

  it('directoryrole-get example 1: GET /directoryRoles/{id} → the role; an unknown id → 404', async () => {
    const role = (await (await roles()).api(`/directoryRoles/${HELPDESK}`).get()) as DirectoryRole;
    expect(role).toMatchObject({ id: HELPDESK, displayName: 'Helpdesk Administrator', roleTemplateId: HELPDESK });
    expect((await graphFailure((await roles()).api('/directoryRoles/00000000-0000-4000-8000-000000000000').get())).statusCode).toBe(404);
  });

  it("directoryrole-get example 2: GET /directoryRoles(roleTemplateId='{id}') → the role by Graph's alternate key; an unknown template → 404", async () => {
    const role = (await (await roles()).api(`/directoryRoles(roleTemplateId='${HELPDESK}')`).get()) as DirectoryRole;
    expect(role).toMatchObject({ id: HELPDESK, displayName: 'Helpdesk Administrator', roleTemplateId: HELPDESK, description: expect.any(String) });
    expect((await graphFailure((await roles()).api("/directoryRoles(roleTemplateId='00000000-0000-4000-8000-000000000000')").get())).statusCode).toBe(404);
  });

  it('directoryrole-post-directoryroles: POST /directoryRoles {roleTemplateId} → 201 with the role; an unknown template → 400 naming it', async () => {
    const role = (await (await roles()).api('/directoryRoles').post({ roleTemplateId: HELPDESK })) as DirectoryRole;
    expect(role).toMatchObject({ id: HELPDESK, roleTemplateId: HELPDESK });
    const unknown = await graphFailure((await roles()).api('/directoryRoles').post({ roleTemplateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.error.details?.[0]).toMatchObject({ target: 'roleTemplateId' });
  });

  it('directoryroletemplate-list and -get: the templates Gatehouse models', async () => {
    const listed = (await (await roles()).api('/directoryRoleTemplates').get()) as { value: DirectoryRoleTemplate[] };
    expect(listed.value.map((t) => t.id)).toContain(HELPDESK);
    expect((await (await roles()).api(`/directoryRoleTemplates/${HELPDESK}`).get()) as DirectoryRoleTemplate).toMatchObject({ id: HELPDESK, displayName: 'Helpdesk Administrator' });
  });

  it('directoryrole-post-members, -list-members, -delete-member: the same assignment roleManagement shows', async () => {
    const user = await w.user('Role holder');
    const client = await roles();
    await client.api(`/directoryRoles/${HELPDESK}/members/$ref`).post({ '@odata.id': `${GRAPH}/directoryObjects/${user.id}` });
    const members = (await client.api(`/directoryRoles/${HELPDESK}/members`).get()) as { value: { id: string; '@odata.type': string }[] };
    expect(members.value).toEqual(expect.arrayContaining([expect.objectContaining({ id: user.id, '@odata.type': '#microsoft.graph.user' })]));
    const assignments = (await client.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${user.id}'`).get()) as { value: { roleDefinitionId: string }[] };
    expect(assignments.value.map((a) => a.roleDefinitionId)).toEqual([HELPDESK]);
    expect((await graphFailure(client.api(`/directoryRoles/${HELPDESK}/members/$ref`).post({ '@odata.id': `${GRAPH}/directoryObjects/${user.id}` }))).statusCode).toBe(400);
    await client.api(`/directoryRoles/${HELPDESK}/members/${user.id}/$ref`).delete();
    const after = (await client.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${user.id}'`).get()) as { value: unknown[] };
    expect(after.value).toEqual([]);
    expect((await graphFailure(client.api(`/directoryRoles/${HELPDESK}/members/${user.id}/$ref`).delete())).statusCode).toBe(404);
  });
});
