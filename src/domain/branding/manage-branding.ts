import type { AuditInitiator, AuditLog } from '../audit';
import { Failure, notFound } from '../errors';
import type { Versioned } from '../entitlement/ports';
import {
  applyBrandingChanges,
  BRANDING_PROPERTY_NAMES,
  checkImage,
  DEFAULT_BRANDING_ID,
  effectiveBranding,
  emptyBranding,
  type Branding,
  type BrandingImageKind,
  type BrandingProperties,
  type EffectiveBranding,
} from './branding';

/**
 * Port: the default branding and its localizations by id, with ETags (`replace` fails with
 * `preconditionFailed` on a stale one, `insert` with `conflict` when the id exists), and their
 * images kept beside them.
 */
export interface BrandingRepository {
  get(id: string): Promise<Versioned<Branding> | undefined>;
  list(): Promise<Branding[]>;
  insert(branding: Branding): Promise<void>;
  replace(branding: Branding, etag: string): Promise<string>;
  remove(id: string, etag?: string): Promise<void>;
  image(id: string, kind: BrandingImageKind): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
  putImage(id: string, kind: BrandingImageKind, bytes: Uint8Array, contentType: string): Promise<void>;
  removeImages(id: string): Promise<void>;
}

export interface BrandingDeps {
  branding: BrandingRepository;
  audit: AuditLog;
  newId(): string;
  now(): Date;
  /** A short, stable fingerprint of image bytes (the URL version). */
  fingerprint(bytes: Uint8Array): string;
}

/** Who changes branding, for the audit log. */
export interface BrandingChangeBy {
  initiatedBy: AuditInitiator;
  correlationId: string;
}

/** One `DirectoryManagement` audit entry naming the branding and the text properties that changed. */
async function audit(deps: BrandingDeps, by: BrandingChangeBy, activity: string, before: Branding | undefined, after: Branding | undefined): Promise<void> {
  const id = (after ?? before)!.id;
  const modifiedProperties = BRANDING_PROPERTY_NAMES.filter((name) => (before?.[name] ?? null) !== (after?.[name] ?? null)).map((name) => ({
    displayName: name,
    oldValue: before?.[name] ?? null,
    newValue: after?.[name] ?? null,
  }));
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: activity,
    category: 'DirectoryManagement',
    activityAt: deps.now(),
    initiatedBy: by.initiatedBy,
    targetResources: [{ id, type: 'Organization', displayName: id === DEFAULT_BRANDING_ID ? 'Company branding' : `Company branding (${id})`, modifiedProperties }],
    result: 'success',
    correlationId: by.correlationId,
  });
}

/** `GET …/branding` (default) or `…/localizations/{id}`: 404 when it was never set, as in Graph. */
export async function readBranding(deps: BrandingDeps, id: string): Promise<Branding> {
  const found = await deps.branding.get(id);
  if (!found) throw notFound('organizationalBranding', id);
  return found.value;
}

/**
 * `PATCH`: the default branding is created by its first change; a localization must be created
 * first (`POST …/localizations`). A lost race is a 412, never a silent overwrite.
 */
export async function updateBranding(deps: BrandingDeps, by: BrandingChangeBy, id: string, changes: Partial<BrandingProperties>, ifMatch?: string): Promise<Branding> {
  const at = deps.now().toISOString();
  const found = await deps.branding.get(id);
  if (!found) {
    if (id !== DEFAULT_BRANDING_ID) throw notFound('organizationalBrandingLocalization', id);
    const created = applyBrandingChanges(emptyBranding(id, at), changes, at);
    await deps.branding.insert(created);
    await audit(deps, by, 'Update company branding', undefined, created);
    return created;
  }
  if (ifMatch && ifMatch !== '*' && ifMatch !== found.etag) throw new Failure('preconditionFailed', 'The branding was changed meanwhile; read it again.');
  const next = applyBrandingChanges(found.value, changes, at);
  await deps.branding.replace(next, found.etag);
  await audit(deps, by, 'Update company branding', found.value, next);
  return next;
}

/** `POST …/localizations`: a new locale's branding; 409 if it exists. */
export async function createLocalization(deps: BrandingDeps, by: BrandingChangeBy, id: string, changes: Partial<BrandingProperties>): Promise<Branding> {
  if (id === DEFAULT_BRANDING_ID) throw new Failure('conflict', 'The default branding exists at /branding; change it with PATCH.');
  const at = deps.now().toISOString();
  const created = applyBrandingChanges(emptyBranding(id, at), changes, at);
  await deps.branding.insert(created);
  await audit(deps, by, 'Add company branding localization', undefined, created);
  return created;
}

export async function deleteLocalization(deps: BrandingDeps, by: BrandingChangeBy, id: string): Promise<void> {
  const found = await deps.branding.get(id);
  if (!found) throw notFound('organizationalBrandingLocalization', id);
  await deps.branding.remove(id, found.etag);
  await deps.branding.removeImages(id);
  await audit(deps, by, 'Delete company branding localization', found.value, undefined);
}

/**
 * `PUT …/bannerLogo` or `…/squareLogo` with the image bytes: PNG or JPEG only, size-limited, the
 * declared type checked against the bytes. The image is stored first, then the branding names its
 * new version (a crash in between leaves the old version in URLs, which serve the new bytes).
 */
export async function putBrandingImage(deps: BrandingDeps, by: BrandingChangeBy, id: string, kind: BrandingImageKind, bytes: Uint8Array, declaredType: string | null): Promise<Branding> {
  const contentType = checkImage(bytes, declaredType);
  const found = await deps.branding.get(id);
  if (!found && id !== DEFAULT_BRANDING_ID) throw notFound('organizationalBrandingLocalization', id);
  await deps.branding.putImage(id, kind, bytes, contentType);
  const at = deps.now().toISOString();
  const base = found?.value ?? emptyBranding(id, at);
  const next: Branding = { ...base, images: { ...base.images, [kind]: { contentType, version: deps.fingerprint(bytes) } }, modifiedAt: at };
  if (found) await deps.branding.replace(next, found.etag);
  else await deps.branding.insert(next);
  await audit(deps, by, `Set company branding ${kind}`, found?.value, next);
  return next;
}

/** What pages and mails in `locale` show: that locale's branding over the default; undefined when nothing is set. */
export async function brandingFor(deps: Pick<BrandingDeps, 'branding'>, locale: string): Promise<EffectiveBranding | undefined> {
  const [defaults, localized] = await Promise.all([deps.branding.get(DEFAULT_BRANDING_ID), locale === DEFAULT_BRANDING_ID ? undefined : deps.branding.get(locale)]);
  return effectiveBranding(defaults?.value, localized?.value);
}
