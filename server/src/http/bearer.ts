import type { Clock } from '../clock'
import { ApiError } from '../api-error'
import { type AccessClaims, verifyAccessToken } from '../sessions/jwt'

/**
 * The claims of a valid `Authorization: Bearer <access token>`; 401 UNAUTHORIZED for anything else. This checks
 * the signature and expiry only: whether the session is still live is checked with the database read the
 * route makes anyway (see accounts.ts, findUserInSession).
 */
export function authenticate(authorization: string | undefined, secret: string, clock: Clock): AccessClaims {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '')
  if (!match) throw new ApiError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <accessToken>.')
  const claims = verifyAccessToken(secret, clock, match[1]!)
  if (!claims) throw new ApiError('UNAUTHORIZED', 'The access token is invalid or expired. Refresh the session or sign in again.')
  return claims
}
