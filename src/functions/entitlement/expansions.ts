import type { HttpRequest } from '@azure/functions';
import { entitlementModule, requestDeps } from '../../deps';
import type { Assignment, AssignmentRequest } from '../../domain/entitlement/requests/model';
import { expanded } from './common';
import { policyWire } from './policy-wire';
import { assignmentWire, requestWire } from './request-wire';
import { catalogWire, packageWire } from './wire';

/**
 * `$expand` of requests and assignments: the navigation properties come back as the whole
 * entities (read once per response), not as `{ id }` stubs.
 */

// `accessPackageAssignment`: the name the list page's query examples still use for `assignment`.
export const REQUEST_EXPANDABLE = ['accessPackage', 'assignment', 'accessPackageAssignment', 'requestor'] as const;
export const ASSIGNMENT_EXPANDABLE = ['accessPackage', 'assignmentPolicy', 'target', 'catalog'] as const;

function memo<T>(read: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (id) => {
    if (!seen.has(id)) seen.set(id, read(id));
    return seen.get(id) as Promise<T>;
  };
}

function readers() {
  const m = entitlementModule().deps;
  return {
    pkg: memo(async (id) => (await m.packages.get(id))?.value),
    policy: memo(async (id) => (await m.policies.get(id))?.value),
    catalog: memo(async (id) => (await m.catalogs.get(id))?.value),
    assignment: memo(async (id) => (await requestDeps().packageAssignments.get(id))?.value),
  };
}

export function requestExpander(request: HttpRequest): (r: AssignmentRequest) => Promise<Record<string, unknown>> {
  const names = expanded(request);
  const read = readers();
  return async (r) => {
    const wire: Record<string, unknown> = requestWire(r);
    if (names.has('accessPackage')) {
      const pkg = await read.pkg(r.accessPackageId);
      wire['accessPackage'] = pkg ? packageWire(pkg) : { id: r.accessPackageId };
    }
    for (const name of ['assignment', 'accessPackageAssignment'] as const) {
      if (!names.has(name) || !r.assignmentId) continue;
      const assignment = await read.assignment(r.assignmentId);
      if (assignment) wire[name] = assignmentWire(assignment);
    }
    return wire;
  };
}

export function assignmentExpander(request: HttpRequest): (a: Assignment) => Promise<Record<string, unknown>> {
  const names = expanded(request);
  const read = readers();
  return async (a) => {
    const wire: Record<string, unknown> = assignmentWire(a);
    if (names.has('accessPackage')) {
      const pkg = await read.pkg(a.accessPackageId);
      if (pkg) wire['accessPackage'] = packageWire(pkg);
    }
    if (names.has('assignmentPolicy')) {
      const policy = await read.policy(a.assignmentPolicyId);
      if (policy) wire['assignmentPolicy'] = policyWire(policy);
    }
    if (names.has('catalog')) {
      const catalog = await read.catalog(a.catalogId);
      if (catalog) wire['catalog'] = catalogWire(catalog);
    }
    return wire;
  };
}
