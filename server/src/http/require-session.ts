import type { MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { User } from 'shared'
import { ApiError } from '../api-error'
import type { AccessClaims, AccessTokens } from '../tokens/access-tokens'
import { type AppEnv, headerOf } from './app-env'

/** What `requireSession` sets on the context, as hono/jwt sets `jwtPayload`: read with `c.get` (`c.var` copies all variables into a new object on every read). */
export interface SessionVariables {
  /** The verified access token's claims: `sub` (account id), `sid` (session id), `app`, `iss`, `aud`, `exp`… */
  accessClaims: AccessClaims
  /** The signed-in account as the API shows it, read together with the session. */
  user: User
}

export type SessionEnv = AppEnv & { Variables: SessionVariables }

export type RequireSession = MiddlewareHandler<SessionEnv>

/**
 * Requires `Authorization: Bearer <accessToken>` whose signature, issuer, audience and expiry hold *and*
 * whose session is still live (one database read, which also yields the account): 401 UNAUTHORIZED
 * otherwise. Built once in server.ts; a route needs one line: `app.get('/orders', deps.requireSession, …)`.
 */
export function requireSession(opts: {
  accessTokens: AccessTokens
  liveAccount: (claims: AccessClaims) => Promise<User | undefined>
}): RequireSession {
  return createMiddleware<SessionEnv>(async (c, next) => {
    const match = /^Bearer +(\S+)\s*$/i.exec(headerOf(c, 'authorization') ?? '')
    if (!match) throw new ApiError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <accessToken>.')
    const claims = opts.accessTokens.verify(match[1]!)
    if (!claims) throw new ApiError('UNAUTHORIZED', 'The access token is invalid or expired. Refresh the session or sign in again.')
    const user = await opts.liveAccount(claims)
    if (!user) throw new ApiError('UNAUTHORIZED', 'This session has ended (signed out, revoked or the account deleted). Sign in again.')
    c.set('accessClaims', claims)
    c.set('user', user)
    await next()
  })
}
