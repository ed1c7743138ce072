import { Hono } from 'hono'
import type { AppDeps } from '../app-deps'
import type { SessionEnv } from '../http/require-session'

/**
 * GET /api/auth/verify, for a gateway's forward-auth (nginx auth_request, Traefik ForwardAuth): 204 with
 * who is signed in when the token is valid and its session live, else 401. The same single read as
 * GET /api/me, and no per-address rate limit (app.ts mounts it before that).
 */
export function verifyRoutes({ requireSession }: AppDeps): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>()
  app.get('/', requireSession, (c) => {
    const claims = c.get('accessClaims')
    // Given with the body, the headers stay a plain record: no web Headers object is built for them.
    return c.body(null, 204, { 'X-User-Id': claims.sub, 'X-Session-Id': claims.sid, 'X-App': claims.app })
  })
  return app
}
