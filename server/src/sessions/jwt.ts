import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../clock'

/**
 * HS256 access tokens with node's HMAC. Hono's jwt helper reads Date.now() for expiry, which a test clock
 * cannot move; this is small enough to own, and accepts exactly one header: {"alg":"HS256","typ":"JWT"}.
 */
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
/** Tolerated clock difference for `iat` (tokens are only checked by instances of this service). */
const IAT_LEEWAY_SECONDS = 60

export interface AccessClaims {
  sub: string
  /** The session (login on one device) this token belongs to: it is refused once that session ends. */
  sid: string
  iat: number
  exp: number
  /** Random: two tokens issued in the same second for one user still differ. */
  jti: string
}

export function signAccessToken(secret: string, clock: Clock, userId: string, sessionId: string, ttlSeconds: number): string {
  const iat = Math.floor(clock.now() / 1000)
  const payload = base64url(JSON.stringify({ sub: userId, sid: sessionId, iat, exp: iat + ttlSeconds, jti: randomBytes(12).toString('base64url') }))
  return `${HEADER}.${payload}.${hmac(secret, `${HEADER}.${payload}`)}`
}

/** The claims of a token this service signed and that has not expired; `undefined` for anything else. */
export function verifyAccessToken(secret: string, clock: Clock, token: string): AccessClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const [header, payload, signature] = parts as [string, string, string]
  // Comparing the header byte for byte refuses alg "none", any other alg, and extra header fields at once.
  if (header !== HEADER) return undefined
  const expected = Buffer.from(hmac(secret, `${header}.${payload}`))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  let claims: unknown
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (!isClaims(claims)) return undefined
  const now = Math.floor(clock.now() / 1000)
  if (claims.exp <= now || claims.iat > now + IAT_LEEWAY_SECONDS) return undefined
  return { sub: claims.sub, sid: claims.sid, iat: claims.iat, exp: claims.exp, jti: claims.jti }
}

function isClaims(value: unknown): value is AccessClaims {
  if (typeof value !== 'object' || value === null) return false
  const { sub, sid, iat, exp, jti } = value as Record<string, unknown>
  // A token without a session (issued before sessions existed) is refused: the client refreshes it.
  return typeof sub === 'string' && sub !== '' && typeof sid === 'string' && sid !== '' && typeof jti === 'string'
    && Number.isSafeInteger(iat) && Number.isSafeInteger(exp)
}

function hmac(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url')
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}
