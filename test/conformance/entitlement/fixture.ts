import { randomUUID } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AccessPackageAssignmentPolicy } from '@microsoft/microsoft-graph-types';
import type { TestRuntime } from '../../support/runtime';
import { EM, graphClient } from './graph-client';

/** A directory user with their own Graph client. */
export interface Person {
  id: string;
  mail: string;
  client: Client;
}

/**
 * What the documented examples assume exists (their ids adapted): users, a group in a catalog, an
 * access package granting its membership.
 */
export interface World {
  admin: Client;
  people: Record<string, Person>;
  groupId: string;
  catalogId: string;
  resourceId: string;
  packageId: string;
  /** A policy of the package; `overrides` replace its defaults (members may ask themselves, no approval, 30 days). */
  policy(overrides?: Partial<AccessPackageAssignmentPolicy> & Record<string, unknown>, packageId?: string): Promise<string>;
  newPackage(): Promise<string>;
}

export async function buildWorld(rt: TestRuntime, names: readonly string[]): Promise<World> {
  const admin = graphClient(rt, await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Application.ReadWrite.All'] }));
  const people: Record<string, Person> = {};
  for (const name of names) {
    const nick = `${name}${randomUUID().slice(0, 6)}`;
    const mail = `${nick}@fabrikam.onmicrosoft.com`;
    const user = (await admin.api('/users').post({ accountEnabled: true, displayName: name, mailNickname: nick, userPrincipalName: mail, mail })) as { id: string };
    people[name] = { id: user.id, mail, client: graphClient(rt, await rt.token({ userId: user.id })) };
  }
  const group = (await admin.api('/groups').post({ displayName: 'Example group', description: 'a group whose members are to be assigned via an access package', mailNickname: `ex${randomUUID().slice(0, 8)}`, securityEnabled: true, mailEnabled: false })) as { id: string };
  const catalog = (await admin.api(`${EM}/catalogs`).post({ displayName: `Catalog ${randomUUID().slice(0, 6)}`, state: 'published', isExternallyVisible: true })) as { id: string };
  const added = (await admin.api(`${EM}/resourceRequests`).post({ requestType: 'adminAdd', resource: { originId: group.id, originSystem: 'AadGroup' }, catalog: { id: catalog.id } })) as { resource: { id: string } };
  const newPackage = async () => {
    const pkg = (await admin.api(`${EM}/accessPackages`).post({ displayName: `Package ${randomUUID().slice(0, 6)}`, catalog: { id: catalog.id } })) as { id: string };
    await admin.api(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`).post({
      role: { originId: `Member_${group.id}`, originSystem: 'AadGroup', resource: { id: added.resource.id } },
      scope: { originId: group.id, originSystem: 'AadGroup', isRootScope: true },
    });
    return pkg.id;
  };
  const packageId = await newPackage();
  const policy = async (overrides: Record<string, unknown> = {}, forPackage = packageId) =>
    ((await admin.api(`${EM}/assignmentPolicies`).post({
      displayName: `Policy ${randomUUID().slice(0, 6)}`,
      allowedTargetScope: 'allMemberUsers',
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: true, enableTargetsToSelfRemoveAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, stages: [] },
      accessPackage: { id: forPackage },
      ...overrides,
    })) as { id: string }).id;
  return { admin, people, groupId: group.id, catalogId: catalog.id, resourceId: added.resource.id, packageId, policy, newPackage };
}

export const singleUser = (userId: string) => ({ '@odata.type': '#microsoft.graph.singleUser', userId });
