import { app } from '@azure/functions';
import { registeredEndpoints } from '../http/endpoint';
import { HTTP_METHODS, unmatchedRoute } from '../http/unmatched-route';

/**
 * Every path no other function serves gets Graph's 404 or 405 body (src/http/unmatched-route.ts).
 * `{*path}` is the least specific template there is, so ASP.NET Core's precedence (the local host's)
 * tries it last. Azure's host tries routes in alphabetical order of function name instead, so the
 * function's name sorts after every other one (`zzz…`) and this route is tried last there too.
 */
app.http('zzzUnmatchedRoute', {
  route: '{*path}',
  methods: [...HTTP_METHODS],
  authLevel: 'anonymous',
  handler: async (request) => unmatchedRoute(registeredEndpoints, request, new Date()),
});
