import { app } from '@azure/functions';
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { directoryRoleNameOf } from '../domain/principal';
import { findRoleDefinition } from '../domain/roles';
import { directoryRoleWire, type DirectoryRoleWire } from '../domain/roles/directory-role-wire';
import { directoryRolesOf, httpDeps, settings } from '../deps';
import { endpoint, json } from '../http/endpoint';

/**
 * `GET /me/memberOf/microsoft.graph.directoryRole`: the directory roles the signed-in user holds,
 * as Graph's directoryRole objects. The admin console reads it to decide which areas to show; the
 * API still checks every call on its own.
 */

app.http(
  'listMyDirectoryRoles',
  endpoint(
    {
      operationId: 'listMyDirectoryRoles',
      method: 'GET',
      route: 'v1.0/me/memberOf/microsoft.graph.directoryRole',
      summary: "The signed-in user's directory roles (delegated tokens only)",
      tags: ['roles'],
      responses: { 200: { description: 'The roles', schema: z.object({ value: z.array(directoryRoleWire) }) } },
      async handle({ principal }) {
        if (principal?.kind !== 'user') throw new Failure('invalidRequest', '/me request is only valid with delegated authentication flow.');
        const templateIds = await directoryRolesOf(principal.userId);
        const value: DirectoryRoleWire[] = [];
        for (const templateId of templateIds) {
          const definition = findRoleDefinition(templateId);
          if (!definition || !directoryRoleNameOf(templateId)) continue;
          value.push({ '@odata.type': '#microsoft.graph.directoryRole', id: definition.id, displayName: definition.displayName, description: definition.description, roleTemplateId: definition.id });
        }
        return json(200, { '@odata.context': `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#directoryRoles`, value });
      },
    },
    httpDeps,
  ),
);
