import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { httpDeps, settings } from '../deps';
import { brandingAssetPath, brandingDeps } from '../deps/branding';
import { BRANDING_IMAGES, brandingIdOf, DEFAULT_BRANDING_ID, MAX_IMAGE_BYTES, requireBrandingId, type Branding, type BrandingImageKind } from '../domain/branding/branding';
import { createLocalization, deleteLocalization, putBrandingImage, readBranding, updateBranding } from '../domain/branding/manage-branding';
import { Failure, notFound } from '../domain/errors';
import { initiatorOf } from '../domain/users/initiator';
import { alias, endpoint, json } from '../http/endpoint';

/**
 * Company branding (issue 18), Graph's `organizationalBranding`: `GET/PATCH /organization/{id}/branding`,
 * `/branding/localizations` (+ `{locale}`), the `bannerLogo`/`squareLogo` streams (PUT the image
 * bytes), and the images served to pages and mail clients at `/api/branding-assets/…`.
 */
// A constraint that keeps `/branding/localizations` from matching `/branding/{kind}` (the schema then admits only the two names).
const KIND = '{kind:regex(^[bs][a-z]+Logo$)}';
const BASE = 'v1.0/organization/{id}/branding';
const text = (max: number) => z.string().max(max).nullable();
const url = z.string().max(128).refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL').nullable();
const properties = z.object({
  backgroundColor: z.string().regex(/^(#[0-9A-Fa-f]{6})?$/, 'must be a colour such as #0B57D0').nullable(),
  signInPageText: text(1024),
  usernameHintText: text(64),
  customPrivacyAndCookiesText: text(256),
  customPrivacyAndCookiesUrl: url,
  customTermsOfUseText: text(256),
  customTermsOfUseUrl: url,
});
const patchBody = properties.partial();
const createBody = properties.partial().extend({ id: z.string().max(16) });
const params = z.object({ id: z.string(), localeId: z.string().optional(), kind: z.enum(BRANDING_IMAGES).optional() });

function checkOrganization(id: string): void {
  if (id.toLowerCase() !== settings().ORGANIZATION_TENANT_ID.toLowerCase()) throw notFound('organization', id);
}

function wire(b: Branding): Record<string, unknown> {
  const base = settings().PUBLIC_BASE_URL;
  const relative = (kind: BrandingImageKind) => {
    const info = b.images[kind];
    return info ? brandingAssetPath(b.id, kind, info.version).replace(/^\//, '') : null;
  };
  const { images: _images, modifiedAt: _at, ...rest } = b;
  return {
    '@odata.context': `${base}/api/v1.0/$metadata#organization('${settings().ORGANIZATION_TENANT_ID}')/branding/localizations/$entity`,
    ...rest,
    bannerLogoRelativeUrl: relative('bannerLogo'),
    squareLogoRelativeUrl: relative('squareLogo'),
    cdnList: [new URL(base).host],
  };
}

/** The localization a `GET /branding` asks for with `Accept-Language` (`0`/`default`/none: the default). */
async function requestedBranding(request: HttpRequest): Promise<Branding> {
  const wanted = brandingIdOf((request.headers.get('accept-language') ?? '0').split(',')[0]!.split(';')[0]!.trim() || '0');
  if (wanted && wanted !== DEFAULT_BRANDING_ID) {
    const localized = await brandingDeps().branding.get(wanted);
    if (localized) return localized.value;
  }
  return readBranding(brandingDeps(), DEFAULT_BRANDING_ID);
}

const localeOf = (p: { localeId?: string | undefined }) => (p.localeId === undefined ? DEFAULT_BRANDING_ID : requireBrandingId(p.localeId));

app.http('getOrganizationalBranding', endpoint({
  operationId: 'getOrganizationalBranding', method: 'GET', route: BASE, params, tags: ['directory'],
  summary: 'The default branding, or the localization `Accept-Language` names (Graph: GET /organization/{id}/branding); 404 when none was set',
  responses: { 200: { description: 'The branding' }, 404: { description: 'No branding' } },
  async handle({ params: p, request }) {
    checkOrganization(p.id);
    return json(200, wire(await requestedBranding(request)));
  },
}, httpDeps));

app.http('updateOrganizationalBranding', endpoint({
  operationId: 'updateOrganizationalBranding', method: 'PATCH', route: BASE, params, body: patchBody, tags: ['directory'],
  summary: 'Change the default branding; the first change creates it (Graph: PATCH /organization/{id}/branding)',
  responses: { 204: { description: 'Changed' }, 412: { description: 'Changed meanwhile' } },
  async handle({ params: p, body, request, principal, id }) {
    checkOrganization(p.id);
    await updateBranding(brandingDeps(), { initiatedBy: initiatorOf(principal), correlationId: id.requestId }, DEFAULT_BRANDING_ID, body, request.headers.get('if-match') ?? undefined);
    return { status: 204 };
  },
}, httpDeps));

app.http('listOrganizationalBrandingLocalizations', endpoint({
  operationId: 'listOrganizationalBrandingLocalizations', method: 'GET', route: `${BASE}/localizations`, params, tags: ['directory'],
  summary: 'The default branding and every localization (Graph: GET /organization/{id}/branding/localizations)',
  responses: { 200: { description: 'The brandings' } },
  async handle({ params: p }) {
    checkOrganization(p.id);
    const all = (await brandingDeps().branding.list()).sort((a, b) => (a.id === DEFAULT_BRANDING_ID ? -1 : b.id === DEFAULT_BRANDING_ID ? 1 : a.id.localeCompare(b.id)));
    return json(200, { '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#organization('${p.id}')/branding/localizations`, value: all.map(wire) });
  },
}, httpDeps));

app.http('createOrganizationalBrandingLocalization', endpoint({
  operationId: 'createOrganizationalBrandingLocalization', method: 'POST', route: `${BASE}/localizations`, params, body: createBody, tags: ['directory'],
  summary: 'Branding for one locale (`id`: a culture name such as nl-NL); 409 if it exists',
  responses: { 201: { description: 'Created' }, 409: { description: 'Exists' } },
  async handle({ params: p, body, principal, id: requestIdentity }) {
    checkOrganization(p.id);
    const { id, ...changes } = body;
    const locale = brandingIdOf(id);
    if (!locale || locale === DEFAULT_BRANDING_ID) throw new Failure('validationFailed', "id must be a culture name such as 'nl-NL'.", { details: [{ target: 'id', message: 'not a culture name' }] });
    return json(201, wire(await createLocalization(brandingDeps(), { initiatedBy: initiatorOf(principal), correlationId: requestIdentity.requestId }, locale, changes)));
  },
}, httpDeps));

app.http('getOrganizationalBrandingLocalization', endpoint({
  operationId: 'getOrganizationalBrandingLocalization', method: 'GET', route: `${BASE}/localizations/{localeId}`, params, tags: ['directory'],
  summary: 'One localization (`0` or `default`: the default branding)',
  responses: { 200: { description: 'The branding' }, 404: { description: 'Not set' } },
  async handle({ params: p }) {
    checkOrganization(p.id);
    return json(200, wire(await readBranding(brandingDeps(), localeOf(p))));
  },
}, httpDeps));

app.http('updateOrganizationalBrandingLocalization', endpoint({
  operationId: 'updateOrganizationalBrandingLocalization', method: 'PATCH', route: `${BASE}/localizations/{localeId}`, params, body: patchBody, tags: ['directory'],
  summary: 'Change one localization (it must exist; `0` changes the default)',
  responses: { 204: { description: 'Changed' }, 404: { description: 'Not set' }, 412: { description: 'Changed meanwhile' } },
  async handle({ params: p, body, request, principal, id }) {
    checkOrganization(p.id);
    await updateBranding(brandingDeps(), { initiatedBy: initiatorOf(principal), correlationId: id.requestId }, localeOf(p), body, request.headers.get('if-match') ?? undefined);
    return { status: 204 };
  },
}, httpDeps));

app.http('deleteOrganizationalBrandingLocalization', endpoint({
  operationId: 'deleteOrganizationalBrandingLocalization', method: 'DELETE', route: `${BASE}/localizations/{localeId}`, params, tags: ['directory'],
  summary: 'Remove one localization and its images',
  responses: { 204: { description: 'Removed' }, 404: { description: 'Not set' } },
  async handle({ params: p, principal, id }) {
    checkOrganization(p.id);
    await deleteLocalization(brandingDeps(), { initiatedBy: initiatorOf(principal), correlationId: id.requestId }, localeOf(p));
    return { status: 204 };
  },
}, httpDeps));

async function imageResponse(brandingId: string, kind: BrandingImageKind, cache: string): Promise<HttpResponseInit | undefined> {
  const image = await brandingDeps().branding.image(brandingId, kind);
  if (!image) return undefined;
  // Only PNG or JPEG was ever stored; nosniff and a sandboxing CSP make sure nothing else runs from here.
  return {
    status: 200,
    body: image.bytes,
    headers: { 'content-type': image.contentType, 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox", 'cross-origin-resource-policy': 'cross-origin', 'cache-control': cache },
  };
}

const getImage = endpoint({
  operationId: 'getOrganizationalBrandingImage', method: 'GET', route: `${BASE}/localizations/{localeId}/${KIND}`, params, tags: ['directory'],
  summary: 'A branding image (bannerLogo, squareLogo) as bytes; `{}` when it is not set, as Graph answers',
  responses: { 200: { description: 'The image' } },
  async handle({ params: p }) {
    checkOrganization(p.id);
    return (await imageResponse(localeOf(p), p.kind!, 'no-store')) ?? json(200, {});
  },
}, httpDeps);
app.http('getOrganizationalBrandingImage', getImage);
app.http('getOrganizationalBrandingImageDefault', alias(getImage, 'getOrganizationalBrandingImageDefault', `${BASE}/${KIND}`));

const put = endpoint({
  operationId: 'putOrganizationalBrandingImage', method: 'PUT', route: `${BASE}/localizations/{localeId}/${KIND}`, params, tags: ['directory'],
  summary: `Set a branding image: the PNG or JPEG bytes as the body (at most ${MAX_IMAGE_BYTES / 1024} KB; Content-Type image/png or image/jpeg)`,
  responses: { 204: { description: 'Set' }, 413: { description: 'Too large' }, 415: { description: 'Not PNG or JPEG' } },
  async handle({ params: p, request, principal, id }) {
    checkOrganization(p.id);
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > MAX_IMAGE_BYTES) throw new Failure('payloadTooLarge', `The image is larger than ${MAX_IMAGE_BYTES / 1024} KB.`);
    const bytes = new Uint8Array(await request.arrayBuffer());
    await putBrandingImage(brandingDeps(), { initiatedBy: initiatorOf(principal), correlationId: id.requestId }, localeOf(p), p.kind!, bytes, request.headers.get('content-type'));
    return { status: 204 };
  },
}, httpDeps);
app.http('putOrganizationalBrandingImage', put);
app.http('putOrganizationalBrandingImageDefault', alias(put, 'putOrganizationalBrandingImageDefault', `${BASE}/${KIND}`));

app.http('getBrandingAsset', endpoint({
  operationId: 'getBrandingAsset', method: 'GET', route: `branding-assets/{localeId}/${KIND}`, params: params.omit({ id: true }).extend({ localeId: z.string() }), tags: ['directory'],
  summary: 'A branding image for pages and mail clients (anonymous; versioned URLs, cached a day)',
  responses: { 200: { description: 'The image' }, 404: { description: 'Not set' } },
  async handle({ params: p }) {
    const id = brandingIdOf(p.localeId);
    const found = id && (await imageResponse(id, p.kind!, 'public, max-age=86400'));
    if (!found) throw notFound('brandingAsset', p.localeId);
    return found;
  },
}, httpDeps));
