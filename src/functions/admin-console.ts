import { app } from '@azure/functions';
import { z } from 'zod';
import { httpDeps, settings } from '../deps';
import { endpoint } from '../http/endpoint';
import { consoleConfig, consoleResponse, createConsoleFiles } from '../http/admin-console';

/**
 * The admin console (issue 17) at `/api/admin/`: its static files from the deployment bundle and
 * `config.json`, the sign-in settings it needs. Everything else it does goes through the public API.
 * (`/admin` without the prefix is the Functions host's own admin API, so the console lives under `/api`.)
 */
const files = createConsoleFiles([`${__dirname}/admin`, `${__dirname}/../../../dist-web/admin`]);

app.http(
  'adminConsole',
  endpoint(
    {
      operationId: 'adminConsole',
      method: 'GET',
      route: 'admin/{*path}',
      summary: 'The admin console (HTML, scripts, styles) and its sign-in settings',
      tags: ['console'],
      params: z.object({ path: z.string().max(300).optional() }),
      responses: { 200: { description: 'A console file' }, 404: { description: 'No such asset' } },
      async handle({ params }) {
        return consoleResponse(files, params.path ?? '', consoleConfig(settings()));
      },
    },
    httpDeps,
  ),
);
