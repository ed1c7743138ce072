import type { Clock } from '../clock'
import { ApiError } from '../errors'
import { verifyAccessToken } from '../sessions/jwt'

/** The user id of a valid `Authorization: Bearer <access token>`; 401 UNAUTHORIZED for anything else. */
export function authenticate(authorization: string | undefined, secret: string, clock: Clock): string {
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '')
  if (!match) throw new ApiError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <accessToken>.')
  const claims = verifyAccessToken(secret, clock, match[1]!)
  if (!claims) throw new ApiError('UNAUTHORIZED', 'The access token is invalid or expired. Refresh the session or sign in again.')
  return claims.sub
}
