import { randomBytes, sign, verify } from 'node:crypto'
import type { Clock } from '../clock'
import type { SigningKey } from './signing-keys'

/** Tolerated clock difference for `iat` between this instance and the one that signed. */
const IAT_LEEWAY_SECONDS = 60

export interface AccessClaims {
  iss: string
  aud: string
  /** The account id. */
  sub: string
  /** The session (login on one device) this token belongs to: it is refused once that session ends. */
  sid: string
  /** The appid the session signed in through. */
  app: string
  iat: number
  exp: number
  /** Random: two tokens issued in the same second for one session still differ. */
  jti: string
}

export interface AccessTokenOptions {
  /** AUTH_SIGNING_KEYS: the first signs, all verify. */
  keys: readonly SigningKey[]
  issuer: string
  audience: string
  ttlSeconds: number
  clock: Clock
}

export type AccessTokens = ReturnType<typeof createAccessTokens>

/**
 * Access tokens as JWTs signed with node:crypto (ES256 as IEEE P1363 r||s, or EdDSA). Each key accepts
 * exactly one header, byte for byte ({"alg":…,"kid":…,"typ":"JWT"}), so `alg: none`, HS256 signed with a
 * public key, an unknown `kid` and any extra header field are all one failed map lookup. The clock is ours
 * (not Date.now()) so tests can move time.
 */
export function createAccessTokens(opts: AccessTokenOptions) {
  const { clock, issuer, audience, ttlSeconds } = opts
  const signer = opts.keys[0]
  if (!signer) throw new Error('createAccessTokens needs at least one signing key')
  const headerOf = (key: SigningKey) => base64url(JSON.stringify({ alg: key.alg, kid: key.kid, typ: 'JWT' }))
  const signerHeader = headerOf(signer)
  const verifiers = new Map(opts.keys.map((key) => [headerOf(key), key]))

  return {
    ttlSeconds,

    /** `app`: the appid of the session (one WeChat app today; per session once apps are configurable). */
    sign(subject: { sub: string; sid: string; app: string }): string {
      const iat = Math.floor(clock.now() / 1000)
      const claims: AccessClaims = {
        iss: issuer, aud: audience, sub: subject.sub, sid: subject.sid, app: subject.app,
        iat, exp: iat + ttlSeconds, jti: randomBytes(12).toString('base64url'),
      }
      const signingInput = `${signerHeader}.${base64url(JSON.stringify(claims))}`
      return `${signingInput}.${signWith(signer, signingInput).toString('base64url')}`
    },

    /** The claims of a token one of our keys signed, for us, not expired; `undefined` for anything else. */
    verify(token: string): AccessClaims | undefined {
      const firstDot = token.indexOf('.')
      const lastDot = token.lastIndexOf('.')
      if (firstDot <= 0 || lastDot === firstDot) return undefined
      const key = verifiers.get(token.slice(0, firstDot))
      if (!key) return undefined
      const encoded = token.slice(lastDot + 1)
      // Node's decoder skips stray characters and ignores a last character's spare bits: one encoding only.
      if (!SIGNATURE_64_BYTES.test(encoded)) return undefined
      const signature = Buffer.from(encoded, 'base64url')
      if (!verifyWith(key, token.slice(0, lastDot), signature)) return undefined
      let claims: unknown
      try {
        claims = JSON.parse(Buffer.from(token.slice(firstDot + 1, lastDot), 'base64url').toString('utf8'))
      } catch {
        return undefined
      }
      if (!isClaims(claims) || claims.iss !== issuer || claims.aud !== audience) return undefined
      const now = Math.floor(clock.now() / 1000)
      if (claims.exp <= now || claims.iat > now + IAT_LEEWAY_SECONDS) return undefined
      return claims
    },
  }
}

/**
 * A 64-byte signature (ES256's r‖s, Ed25519's) in canonical unpadded base64url: 86 characters, the last
 * carrying 2 bits and 4 zero bits (A, Q, g or w).
 */
const SIGNATURE_64_BYTES = /^[\w-]{85}[AQgw]$/

function signWith(key: SigningKey, input: string): Buffer {
  return key.alg === 'ES256'
    ? sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
    : sign(null, Buffer.from(input), key.privateKey)
}

function verifyWith(key: SigningKey, input: string, signature: Buffer): boolean {
  return key.alg === 'ES256'
    ? verify('sha256', Buffer.from(input), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)
    : verify(null, Buffer.from(input), key.publicKey, signature)
}

function isClaims(value: unknown): value is AccessClaims {
  if (typeof value !== 'object' || value === null) return false
  const { iss, aud, sub, sid, app, iat, exp, jti } = value as Record<string, unknown>
  return typeof iss === 'string' && typeof aud === 'string' && typeof app === 'string' && typeof jti === 'string'
    && typeof sub === 'string' && sub !== '' && typeof sid === 'string' && sid !== ''
    && Number.isSafeInteger(iat) && Number.isSafeInteger(exp)
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}
