import { randomBytes } from 'node:crypto'
import type { Clock } from '../../../clock'

export const TOKEN_TTL_MS = 7200_000
/** Old and new tokens overlap for 5 minutes; stable_token also rotates 5 minutes before expiry. */
export const OVERLAP_MS = 5 * 60_000
export const FORCE_SPACING_MS = 30_000
export const FORCE_PER_DAY = 20

interface TokenRecord {
  value: string
  expiresAt: number
  /** Set when a newer token supersedes this one: from then on it answers 40001 ("not latest"). */
  revokedAt?: number
}

export interface IssuedToken {
  access_token: string
  expires_in: number
}

export type TokenCheck = 'ok' | 40001 | 42001

/**
 * The access tokens of one app, for both issuers. `/cgi-bin/token` and `stable_token` have separate slots
 * and never invalidate each other's tokens.
 */
export function createTokenRegistry(clock: Clock) {
  const tokens = new Map<string, TokenRecord>()
  let classic: { current?: TokenRecord; previous?: TokenRecord } = {}
  let stable: { current?: TokenRecord; lastForceAt?: number; forceDay?: number; forceCount: number } = {
    forceCount: 0,
  }

  function mint(): TokenRecord {
    // Real tokens are ~136 characters with a numeric prefix; callers must not assume a length.
    const record = { value: `92_${randomBytes(96).toString('base64url')}`, expiresAt: clock.now() + TOKEN_TTL_MS }
    tokens.set(record.value, record)
    prune()
    return record
  }

  function prune(): void {
    const now = clock.now()
    for (const [value, record] of tokens) {
      // Long after expiry a token is forgotten (and answers 40001, as an unknown one).
      if (record.expiresAt + 86_400_000 < now) tokens.delete(value)
    }
  }

  function view(record: TokenRecord): IssuedToken {
    return { access_token: record.value, expires_in: Math.max(0, Math.floor((record.expiresAt - clock.now()) / 1000)) }
  }

  /** Every call issues a new token; the previous one stays valid 5 more minutes, the one before dies now. */
  function issueClassic(): IssuedToken {
    const now = clock.now()
    if (classic.previous && (classic.previous.revokedAt ?? Infinity) > now) classic.previous.revokedAt = now
    if (classic.current) classic.current.revokedAt = now + OVERLAP_MS
    const next = mint()
    classic = { current: next, previous: classic.current }
    return view(next)
  }

  /** Normal mode: the same token with its remaining lifetime, rotated in its last 5 minutes. */
  function stableNormal(): IssuedToken {
    const now = clock.now()
    const current = stable.current
    if (current && current.expiresAt - now > OVERLAP_MS && (current.revokedAt ?? Infinity) > now) return view(current)
    // Rotation: the old token stays usable for 5 more minutes.
    if (current && current.expiresAt > now) current.expiresAt = Math.max(current.expiresAt, now + OVERLAP_MS)
    stable.current = mint()
    return view(stable.current)
  }

  /** Force mode: 20 a day, 30 s apart (a call inside the 30 s does not refresh); kills the old token at once. */
  function stableForce(): IssuedToken | 45009 {
    const now = clock.now()
    // WeChat counts days in China time.
    const day = Math.floor((now + 8 * 3600_000) / 86_400_000)
    if (stable.forceDay !== day) stable = { ...stable, forceDay: day, forceCount: 0 }
    if (stable.forceCount >= FORCE_PER_DAY) return 45009
    if (stable.lastForceAt !== undefined && now - stable.lastForceAt < FORCE_SPACING_MS) return stableNormal()
    if (stable.current) stable.current.revokedAt = now
    stable.forceCount += 1
    stable.lastForceAt = now
    stable.current = mint()
    return view(stable.current)
  }

  function check(token: string): TokenCheck {
    const record = tokens.get(token)
    const now = clock.now()
    if (!record) return 40001
    if (record.revokedAt !== undefined && now >= record.revokedAt) return 40001
    if (now >= record.expiresAt) return 42001
    return 'ok'
  }

  function reset(): void {
    tokens.clear()
    classic = {}
    stable = { forceCount: 0 }
  }

  /** Whether this app issued `token` (and has not forgotten it): which app a multi-app host routes it to. */
  const issued = (token: string) => tokens.has(token)

  return { issueClassic, stableNormal, stableForce, check, issued, reset }
}

export type TokenRegistry = ReturnType<typeof createTokenRegistry>
