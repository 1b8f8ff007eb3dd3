import { app } from '@azure/functions';
import { entitlementModule, httpDeps, settings } from '../../deps';
import { requireAdministrator } from '../../domain/entitlement/catalog-roles';
import { addSponsor, createOrganization, deleteOrganization, listSponsors, removeSponsor, requireOrganization, updateOrganization } from '../../domain/entitlement/connected-organizations';
import { readEntitlementSettingsDocument, updateEntitlementSettings } from '../../domain/entitlement/settings';
import { endpoint, json } from '../../http/endpoint';
import type { ListQuerySpec } from '../../http/odata';
import { BASE, callerOf, context, listInMemory, tags } from './common';
import { listPaged } from './paged-list';
import { createOrganizationBody, idParams, organizationWire, settingsBody, settingsWire, sponsorItemParams, sponsorParams, updateOrganizationBody, userRefBody } from './wire';

const organizationSpec: ListQuerySpec = {
  resource: 'ConnectedOrganization',
  entityType: 'microsoft.graph.connectedOrganization',
  filterable: { displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] }, state: { type: { kind: 'enum', values: ['configured', 'proposed'] }, operators: ['eq'] } },
  selectable: ['id', 'displayName', 'description', 'state', 'identitySources', 'createdDateTime', 'modifiedDateTime'],
  defaultPageSize: 100,
};
const sponsorSpec: ListQuerySpec = { resource: 'DirectoryObject', entityType: 'microsoft.graph.directoryObject', filterable: {}, selectable: ['id', 'displayName'], defaultPageSize: 100 };
const m = () => entitlementModule().deps;

app.http('createConnectedOrganization', endpoint({
  operationId: 'createConnectedOrganization', method: 'POST', route: `${BASE}/connectedOrganizations`, tags, body: createOrganizationBody,
  summary: 'Create a connected organization (a domain belongs to one connected organization only)',
  responses: { 201: { description: 'The connectedOrganization' }, 409: { description: 'A domain is already connected' } },
  async handle({ body, principal, id }) {
    const organization = await createOrganization(m(), await callerOf(principal), body, id.requestId);
    return json(201, { '@odata.context': context('connectedOrganizations/$entity'), ...organizationWire(organization) });
  },
}, httpDeps));

app.http('listConnectedOrganizations', endpoint({
  operationId: 'listConnectedOrganizations', method: 'GET', route: `${BASE}/connectedOrganizations`, tags,
  summary: 'Connected organizations ($filter on displayName, state)', responses: { 200: { description: 'A page of connectedOrganizations' } },
  async handle({ request, principal }) {
    requireAdministrator(await callerOf(principal));
    return listPaged(request, organizationSpec, 'connectedOrganizations', [{ collection: m().organizations, where: {} }], organizationWire, organizationWire, { order: 'displayName', indexable: { state: 'state' } });
  },
}, httpDeps));

app.http('getConnectedOrganization', endpoint({
  operationId: 'getConnectedOrganization', method: 'GET', route: `${BASE}/connectedOrganizations/{id}`, tags, params: idParams,
  summary: 'Read a connected organization', responses: { 200: { description: 'The connectedOrganization' }, 404: { description: 'No such organization' } },
  async handle({ params, principal }) {
    requireAdministrator(await callerOf(principal));
    const organization = await requireOrganization(m(), params.id);
    return json(200, { '@odata.context': context('connectedOrganizations/$entity'), ...organizationWire(organization.value) });
  },
}, httpDeps));

app.http('updateConnectedOrganization', endpoint({
  operationId: 'updateConnectedOrganization', method: 'PATCH', route: `${BASE}/connectedOrganizations/{id}`, tags, params: idParams, body: updateOrganizationBody,
  summary: 'Change a connected organization', responses: { 204: { description: 'Updated' }, 404: { description: 'No such organization' }, 409: { description: 'A domain is already connected' } },
  async handle({ params, body, principal, id }) {
    await updateOrganization(m(), await callerOf(principal), params.id, body, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteConnectedOrganization', endpoint({
  operationId: 'deleteConnectedOrganization', method: 'DELETE', route: `${BASE}/connectedOrganizations/{id}`, tags, params: idParams,
  summary: 'Delete a connected organization, releasing its domains', responses: { 204: { description: 'Deleted' }, 404: { description: 'No such organization' } },
  async handle({ params, principal, id }) {
    await deleteOrganization(m(), await callerOf(principal), params.id, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('addConnectedOrganizationSponsor', endpoint({
  operationId: 'addConnectedOrganizationSponsor', method: 'POST', route: `${BASE}/connectedOrganizations/{id}/{kind}/$ref`, tags, params: sponsorParams, body: userRefBody,
  summary: 'Add an internal or external sponsor ({"@odata.id": ".../users/{id}"})', responses: { 204: { description: 'Added' }, 404: { description: 'No such organization or user' }, 409: { description: 'Already a sponsor' } },
  async handle({ params, body, principal, id }) {
    await addSponsor(m(), await callerOf(principal), params.id, params.kind, body.userId, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('listConnectedOrganizationSponsors', endpoint({
  operationId: 'listConnectedOrganizationSponsors', method: 'GET', route: `${BASE}/connectedOrganizations/{id}/{kind}`, tags, params: sponsorParams,
  summary: 'The internal or external sponsors of a connected organization', responses: { 200: { description: 'The sponsors' }, 404: { description: 'No such organization' } },
  async handle({ request, params, principal }) {
    const userIds = await listSponsors(m(), await callerOf(principal), params.id, params.kind);
    const users = await Promise.all(userIds.map(async (userId) => ({ '@odata.type': '#microsoft.graph.user', id: userId, displayName: (await m().directory.user(userId))?.displayName ?? null })));
    return listInMemory(request, sponsorSpec, `connectedOrganizations('${params.id}')/${params.kind}`, users, (u) => u, (u) => u);
  },
}, httpDeps));

app.http('removeConnectedOrganizationSponsor', endpoint({
  operationId: 'removeConnectedOrganizationSponsor', method: 'DELETE', route: `${BASE}/connectedOrganizations/{id}/{kind}/{userId}/$ref`, tags, params: sponsorItemParams,
  summary: 'Remove a sponsor', responses: { 204: { description: 'Removed' }, 404: { description: 'Not a sponsor' } },
  async handle({ params, principal, id }) {
    await removeSponsor(m(), await callerOf(principal), params.id, params.kind, params.userId, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('getEntitlementSettings', endpoint({
  operationId: 'getEntitlementSettings', method: 'GET', route: `${BASE}/settings`, tags,
  summary: 'What happens to external users entitlement management brought in once their last assignment ends', responses: { 200: { description: 'The entitlementManagementSettings' } },
  async handle({ principal }) {
    requireAdministrator(await callerOf(principal));
    const current = await readEntitlementSettingsDocument(m());
    // Gatehouse: the ETag header lets a client send If-Match on its PATCH (optional, as in Graph, which has none here).
    return json(200, { '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#identityGovernance/entitlementManagement/settings/$entity`, ...settingsWire(current.value) }, { etag: current.etag });
  },
}, httpDeps));

app.http('updateEntitlementSettings', endpoint({
  operationId: 'updateEntitlementSettings', method: 'PATCH', route: `${BASE}/settings`, tags, body: settingsBody,
  summary: 'Change the external user lifecycle settings', responses: { 204: { description: 'Updated' }, 400: { description: 'Invalid value' }, 412: { description: 'Changed since the If-Match ETag was read' } },
  async handle({ body, principal, id, request }) {
    await updateEntitlementSettings(m(), await callerOf(principal), body, id.requestId, request.headers.get('if-match') ?? undefined);
    return { status: 204 };
  },
}, httpDeps));
