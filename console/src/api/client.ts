import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The console's only way to the platform: the gateway's public API, typed from docs/openapi.json
 * (src/api/schema.d.ts is generated from it at every build), so a change to the API that breaks a
 * page fails the console's type check. The access token lives in memory only, never in storage.
 */
let accessToken: string | undefined;

export function useToken(token: string | undefined): void {
  accessToken = token;
}

const bearer: Middleware = {
  onRequest({ request }) {
    if (accessToken) {
      request.headers.set('Authorization', `Bearer ${accessToken}`);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '/' });
api.use(bearer);
