import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServicePrincipal } from '../../../src/domain/applications';
import { createTableServicePrincipals } from '../../../src/storage/service-principal-repository';
import { freshTable } from './support';
import { compileFilter } from '../../../src/http/odata';

function buildServicePrincipal(overrides: Partial<ServicePrincipal> = {}): ServicePrincipal {
  return {
    id: randomUUID(),
    appId: randomUUID(),
    displayName: 'Contoso Portal',
    appRoles: [{ id: randomUUID(), displayName: 'Reader', description: null, value: 'Read', allowedMemberTypes: ['User'], isEnabled: true }],
    appRoleAssignmentRequired: true,
    createdAt: new Date('2026-11-21T08:00:00.000Z'),
    ...overrides,
  };
}

describe('service principals in Table Storage', () => {
  let table: TableClient;
  beforeEach(async () => {
    table = await freshTable('sps');
  });

  it('when an application is created, then it reads back as written', async () => {
    const store = createTableServicePrincipals(table);
    const sp = buildServicePrincipal();
    await store.create(sp);
    expect((await store.get(sp.id))?.value).toEqual(sp);
  });

  it('when a second application claims the same appId, then it is a 409 naming the appId', async () => {
    const store = createTableServicePrincipals(table);
    const sp = buildServicePrincipal();
    await store.create(sp);
    await expect(store.create(buildServicePrincipal({ appId: sp.appId }))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(sp.appId) });
  });

  it('when an application is being deleted, then reads no longer see it, and once removed its appId is free again', async () => {
    const store = createTableServicePrincipals(table);
    const sp = buildServicePrincipal();
    await store.create(sp);
    await store.markDeleting(sp.id, (await store.get(sp.id))!.etag);
    expect(await store.get(sp.id)).toBeUndefined();
    expect(await store.isDeleting(sp.id)).toEqual(sp);
    expect((await store.list({ top: 10 })).items).toEqual([]);
    await store.remove(sp);
    await store.remove(sp);
    await store.create(buildServicePrincipal({ appId: sp.appId }));
  });

  it('when listed with a filter on displayName, then storage runs it and only matching applications come back', async () => {
    const store = createTableServicePrincipals(table);
    await store.create(buildServicePrincipal({ displayName: 'Contoso Portal' }));
    await store.create(buildServicePrincipal({ displayName: 'Fabrikam HR' }));
    const filter = compileFilter("startsWith(displayName,'fab')", { resource: 'servicePrincipal', filterable: { displayName: { type: { kind: 'string' }, operators: ['startsWith'] } } });
    if (!filter.ok) throw new Error(filter.error.message);
    const page = await store.list({ filter: filter.value, top: 10 });
    expect(page.items.map((p) => p.displayName)).toEqual(['Fabrikam HR']);
    expect(page.partial).toBe(false);
  });

  it('when an update carries a stale ETag, then it is refused', async () => {
    const store = createTableServicePrincipals(table);
    const sp = buildServicePrincipal();
    await store.create(sp);
    const { etag } = (await store.get(sp.id))!;
    await store.update({ ...sp, displayName: 'First' }, etag);
    await expect(store.update({ ...sp, displayName: 'Second' }, etag)).rejects.toMatchObject({ code: 'preconditionFailed' });
  });
});
