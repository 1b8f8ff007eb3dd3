import { z } from 'zod';
import type { ObjectRef } from '../../domain/groups/nesting';

/**
 * Directory-object references as the SDKs and documentation write them: an absolute URL on any
 * host (`https://graph.microsoft.com/v1.0/directoryObjects/{id}`, Gatehouse's own base URL), a
 * relative one (`/v1.0/users/{id}`, `groups/{id}`), with the key as a segment or in parentheses
 * (`directoryObjects('{id}')`), optionally followed by a type cast segment.
 */
const REF = /(?:^|\/)(directoryObjects|users|groups)(?:\/([^/?#()']+)|\('([^/?#()']+)'\))(?:\/microsoft\.graph\.[A-Za-z]+)?\/?$/i;
const OTHER = /(?:^|\/)(servicePrincipals|devices|contacts|orgContacts|applications)(?:\/|\()/i;

export type RefResult = { ok: true; ref: ObjectRef } | { ok: false; message: string };

export function parseObjectRef(text: string): RefResult {
  const withoutQuery = text.split(/[?#]/)[0] ?? '';
  const match = REF.exec(withoutQuery);
  let raw = match?.[2] ?? match?.[3];
  if (match && raw) {
    try {
      raw = decodeURIComponent(raw);
    } catch {
      raw = undefined;
    }
  }
  if (match && raw) {
    const set = (match[1] ?? '').toLowerCase();
    return { ok: true, ref: { id: raw.toLowerCase(), kind: set === 'users' ? 'user' : set === 'groups' ? 'group' : 'directoryObject' } };
  }
  const other = OTHER.exec(withoutQuery)?.[1];
  if (other) return { ok: false, message: `Gatehouse groups hold users and groups only; '${other}' objects cannot be referenced here.` };
  return { ok: false, message: 'must be a URL ending in /directoryObjects/{id}, /users/{id} or /groups/{id}' };
}

/** A reference string as a zod schema (the issue names the property it sits in). */
export const objectRef = z
  .string()
  .max(2048)
  .transform((text, ctx) => {
    const parsed = parseObjectRef(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed.ref;
  });

/** `{"@odata.id": "…"}`: the object to add as member or owner. */
export const refBody = z.object({ '@odata.id': objectRef }).transform((body) => body['@odata.id']);
