import { Failure, notFound } from '../errors';
import { hashSecret, newSecret } from '../secrets';
import { checkApplication, changeApplication, DEFAULT_SECRET_DAYS, type Application, type ApplicationInput, type PasswordCredential } from './application';
import type { ApplicationRegistrationDeps } from './application-ports';
import { auditChange } from './audit-entry';
import type { Actor } from './ports';

const target = (app: Application) => [{ id: app.id, type: 'Application' as const, displayName: app.displayName }];

/** Registers an application (Graph `POST /applications`): a new object id and client id. */
export async function createApplication(deps: ApplicationRegistrationDeps, input: { app: ApplicationInput & { displayName: string }; actor: Actor }): Promise<Application> {
  const app: Application = {
    description: null,
    signInAudience: 'AzureADMyOrg',
    identifierUris: [],
    appRoles: [],
    webRedirectUris: [],
    logoutUrl: null,
    spaRedirectUris: [],
    publicClientRedirectUris: [],
    requiredResourceAccess: [],
    groupMembershipClaims: null,
    optionalClaims: null,
    oauth2PermissionScopes: [],
    ...input.app,
    id: deps.newId(),
    appId: deps.newId(),
    passwordCredentials: [],
    createdAt: deps.now(),
    deletedAt: null,
  };
  checkApplication(app);
  await deps.applications.create(app);
  await auditChange(deps, { activity: 'Add application', category: 'ApplicationManagement', actor: input.actor, targets: target(app) });
  return app;
}

async function live(deps: ApplicationRegistrationDeps, id: string) {
  const stored = await deps.applications.get(id);
  if (!stored) throw notFound('application', id);
  return stored;
}

/** Graph `PATCH /applications/{id}`. */
export async function updateApplication(deps: ApplicationRegistrationDeps, input: { id: string; changes: ApplicationInput; actor: Actor }): Promise<Application> {
  const stored = await live(deps, input.id);
  const after = changeApplication(stored.value, input.changes);
  await deps.applications.update(after, stored.etag);
  await auditChange(deps, { activity: 'Update application', category: 'ApplicationManagement', actor: input.actor, targets: target(after) });
  return after;
}

/** Graph `DELETE /applications/{id}`: into the recycle bin (restorable for 30 days). */
export async function deleteApplication(deps: ApplicationRegistrationDeps, input: { id: string; actor: Actor }): Promise<void> {
  const stored = await live(deps, input.id);
  await deps.applications.update({ ...stored.value, deletedAt: deps.now() }, stored.etag);
  await auditChange(deps, { activity: 'Delete application', category: 'ApplicationManagement', actor: input.actor, targets: target(stored.value) });
}

/** Graph `POST /directory/deletedItems/{id}/restore` for an application. */
export async function restoreApplication(deps: ApplicationRegistrationDeps, input: { id: string; actor: Actor }): Promise<Application> {
  const stored = await deps.applications.get(input.id, { deleted: true });
  if (!stored) throw notFound('application', input.id);
  const restored = { ...stored.value, deletedAt: null };
  await deps.applications.update(restored, stored.etag);
  await auditChange(deps, { activity: 'Restore application', category: 'ApplicationManagement', actor: input.actor, targets: target(restored) });
  return restored;
}

/** Graph `DELETE /directory/deletedItems/{id}` for an application: gone for good. */
export async function purgeApplication(deps: ApplicationRegistrationDeps, input: { id: string; actor: Actor }): Promise<void> {
  const stored = await deps.applications.get(input.id, { deleted: true });
  if (!stored) throw notFound('application', input.id);
  await deps.applications.purge(stored.value);
  await auditChange(deps, { activity: 'Hard delete application', category: 'ApplicationManagement', actor: input.actor, targets: target(stored.value) });
}

/** Graph `addPassword`: a new client secret, returned once; only its hash is kept. */
export async function addApplicationPassword(
  deps: ApplicationRegistrationDeps,
  input: { id: string; displayName?: string | null | undefined; startAt?: Date | undefined; endAt?: Date | undefined; actor: Actor },
): Promise<{ credential: PasswordCredential; secretText: string }> {
  const stored = await live(deps, input.id);
  if (stored.value.passwordCredentials.length >= 20) throw new Failure('validationFailed', 'An application can hold at most 20 client secrets.');
  const now = deps.now();
  const startAt = input.startAt ?? now;
  const endAt = input.endAt ?? new Date(startAt.getTime() + DEFAULT_SECRET_DAYS * 86_400_000);
  if (endAt <= startAt) throw new Failure('validationFailed', 'endDateTime must be after startDateTime.', { details: [{ target: 'passwordCredential.endDateTime', message: 'before the start' }] });
  const secretText = newSecret(deps.randomBytes);
  const credential: PasswordCredential = { keyId: deps.newId(), displayName: input.displayName ?? null, hint: secretText.slice(0, 3), secretHash: hashSecret(secretText), startAt, endAt };
  await deps.applications.update({ ...stored.value, passwordCredentials: [...stored.value.passwordCredentials, credential] }, stored.etag);
  await auditChange(deps, { activity: 'Update application – Certificates and secrets management', category: 'ApplicationManagement', actor: input.actor, targets: target(stored.value) });
  return { credential, secretText };
}

/** Graph `removePassword`: the secret stops working at once. */
export async function removeApplicationPassword(deps: ApplicationRegistrationDeps, input: { id: string; keyId: string; actor: Actor }): Promise<void> {
  const stored = await live(deps, input.id);
  const remaining = stored.value.passwordCredentials.filter((p) => p.keyId.toLowerCase() !== input.keyId.toLowerCase());
  if (remaining.length === stored.value.passwordCredentials.length) {
    throw new Failure('validationFailed', `No password credential found with keyId ${input.keyId}.`, { details: [{ target: 'keyId', message: 'unknown keyId' }] });
  }
  await deps.applications.update({ ...stored.value, passwordCredentials: remaining }, stored.etag);
  await auditChange(deps, { activity: 'Update application – Certificates and secrets management', category: 'ApplicationManagement', actor: input.actor, targets: target(stored.value) });
}
