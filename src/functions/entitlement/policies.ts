import { app } from '@azure/functions';
import { entitlementModule, httpDeps } from '../../deps';
import { createPolicy, deletePolicy, getPolicy, listPolicies, replacePolicy } from '../../domain/entitlement/policies';
import { getPackage } from '../../domain/entitlement/packages';
import { endpoint, json } from '../../http/endpoint';
import type { ListQuerySpec } from '../../http/odata';
import { BASE, callerOf, context, expanded, listInMemory, oneEntity, tags } from './common';
import { listPaged } from './paged-list';
import type { HttpRequest } from '@azure/functions';
import type { AssignmentPolicy } from '../../domain/entitlement/policy';
import { catalogWire, packageWire } from './wire';
import { policyBody, policyWire } from './policy-wire';
import { idParams } from './wire';

const policySpec: ListQuerySpec = {
  resource: 'AccessPackageAssignmentPolicy',
  entityType: 'microsoft.graph.accessPackageAssignmentPolicy',
  filterable: {
    'accessPackage/id': { type: { kind: 'guid' }, operators: ['eq'] },
    displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'contains'] },
    allowedTargetScope: { type: { kind: 'string' }, operators: ['eq'] },
  },
  selectable: ['id', 'displayName', 'description', 'allowedTargetScope', 'specificAllowedTargets', 'expiration', 'requestorSettings', 'requestApprovalSettings', 'questions', 'accessPackage', 'createdDateTime', 'modifiedDateTime'],
  defaultPageSize: 100,
};
const m = () => entitlementModule().deps;
const POLICY_EXPANDABLE = ['accessPackage', 'catalog'];

/** `$expand=accessPackage,catalog`: the policy's package and catalog, whole. */
function policyExpander(request: HttpRequest): (p: AssignmentPolicy) => Promise<Record<string, unknown>> {
  const names = expanded(request);
  return async (p) => {
    const wire = policyWire(p);
    if (names.has('accessPackage')) {
      const pkg = (await m().packages.get(p.accessPackageId))?.value;
      if (pkg) wire['accessPackage'] = packageWire(pkg);
    }
    if (names.has('catalog')) {
      const catalog = (await m().catalogs.get(p.catalogId))?.value;
      wire['catalog'] = catalog ? catalogWire(catalog) : { id: p.catalogId };
    }
    return wire;
  };
}

app.http('createAssignmentPolicy', endpoint({
  operationId: 'createAssignmentPolicy', method: 'POST', route: `${BASE}/assignmentPolicies`, tags, body: policyBody,
  summary: 'Create an assignment policy for an access package (catalog owners, access package managers)',
  responses: { 201: { description: 'The accessPackageAssignmentPolicy' }, 400: { description: 'A rule is broken; the field is named' }, 404: { description: 'No such access package' } },
  async handle({ body, principal, id }) {
    const policy = await createPolicy(m(), await callerOf(principal), body, id.requestId);
    return json(201, { '@odata.context': context('assignmentPolicies/$entity'), ...policyWire(policy) });
  },
}, httpDeps));

app.http('listAssignmentPolicies', endpoint({
  operationId: 'listAssignmentPolicies', method: 'GET', route: `${BASE}/assignmentPolicies`, tags,
  summary: "Assignment policies the caller may read ($filter=accessPackage/id eq '…')",
  responses: { 200: { description: 'A page of policies' } },
  async handle({ request, principal }) {
    const sources = await listPolicies(m(), await callerOf(principal));
    return listPaged(request, policySpec, 'assignmentPolicies', sources, policyWire, policyExpander(request), { expandable: POLICY_EXPANDABLE, order: 'displayName', indexable: { 'accessPackage/id': 'accessPackageId' } });
  },
}, httpDeps));

app.http('getAssignmentPolicy', endpoint({
  operationId: 'getAssignmentPolicy', method: 'GET', route: `${BASE}/assignmentPolicies/{id}`, tags, params: idParams,
  summary: 'Read an assignment policy', responses: { 200: { description: 'The policy' }, 404: { description: 'No such policy' } },
  async handle({ request, params, principal }) {
    const policy = await getPolicy(m(), await callerOf(principal), params.id);
    return json(200, oneEntity(request, policySpec, POLICY_EXPANDABLE, { '@odata.context': context('assignmentPolicies/$entity'), ...(await policyExpander(request)(policy)) }));
  },
}, httpDeps));

app.http('replaceAssignmentPolicy', endpoint({
  operationId: 'replaceAssignmentPolicy', method: 'PUT', route: `${BASE}/assignmentPolicies/{id}`, tags, params: idParams, body: policyBody,
  summary: 'Replace an assignment policy (Graph updates policies with PUT); existing assignments keep their expiry',
  responses: { 200: { description: 'The policy as stored' }, 400: { description: 'A rule is broken' }, 404: { description: 'No such policy' } },
  async handle({ params, body, principal, id }) {
    const policy = await replacePolicy(m(), await callerOf(principal), params.id, body, id.requestId);
    return json(200, { '@odata.context': context('assignmentPolicies/$entity'), ...policyWire(policy) });
  },
}, httpDeps));

app.http('deleteAssignmentPolicy', endpoint({
  operationId: 'deleteAssignmentPolicy', method: 'DELETE', route: `${BASE}/assignmentPolicies/{id}`, tags, params: idParams,
  summary: 'Delete an assignment policy', responses: { 204: { description: 'Deleted' }, 404: { description: 'No such policy' } },
  async handle({ params, principal, id }) {
    await deletePolicy(m(), await callerOf(principal), params.id, id.requestId);
    return { status: 204 };
  },
}, httpDeps));

app.http('listAccessPackageAssignmentPolicies', endpoint({
  operationId: 'listAccessPackageAssignmentPolicies', method: 'GET', route: `${BASE}/accessPackages/{id}/assignmentPolicies`, tags, params: idParams,
  summary: "An access package's assignment policies (its navigation property)", responses: { 200: { description: 'A page of policies' }, 404: { description: 'No such access package' } },
  async handle({ request, params, principal }) {
    // Reading the package checks the caller's role in its catalog; its policies are then read by package, not by scanning them all.
    await getPackage(m(), await callerOf(principal), params.id);
    const mine = await m().policies.find({ accessPackageId: params.id });
    return listInMemory(request, policySpec, `accessPackages('${params.id}')/assignmentPolicies`, mine, policyWire, policyExpander(request), POLICY_EXPANDABLE);
  },
}, httpDeps));
