import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { type Queries, sql } from '../db/statement'
import { ApiError } from '../errors'

const INSERT = sql(`insert into "refresh_tokens" ("id", "token_hash", "family_id", "parent_id", "user_id", "created_at", "expires_at")
  values (?, ?, ?, ?, ?, ?, ?)`)
// The conditional UPDATE is the arbiter: of two requests presenting one token, exactly one claims it.
const CLAIM = sql(`update "refresh_tokens" set "rotated_at" = ?
  where "token_hash" = ? and "rotated_at" is null and "revoked_at" is null and "expires_at" > ?
  returning "id", "family_id", "user_id"`)
const FIND = sql(`select "family_id", "rotated_at", "revoked_at" from "refresh_tokens" where "token_hash" = ?`)
const REVOKE_FAMILY = sql(`update "refresh_tokens" set "revoked_at" = ? where "family_id" = ? and "revoked_at" is null`)

/** 256 random bits; only its SHA-256 is stored, so a copy of the database signs nobody in. */
function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The first refresh token of a new login session (a new family). */
export async function issueRefreshToken(q: Queries, now: number, ttlSeconds: number, userId: string): Promise<string> {
  const { token, hash } = newToken()
  await q.run(INSERT, [randomUUID(), hash, randomUUID(), null, userId, iso(now), iso(now + ttlSeconds * 1000)])
  return token
}

/**
 * Trades a live refresh token for its successor in the same family (run it in a transaction). A token
 * presented again after rotation means someone holds a copy: the whole family is revoked (the winner's new
 * token included), and `undefined` comes back as for any unusable token.
 */
export async function rotateRefreshToken(q: Queries, now: number, ttlSeconds: number, token: string): Promise<{ userId: string; token: string } | undefined> {
  const hash = hashToken(token)
  const claimed = await q.get<{ id: string; family_id: string; user_id: string }>(CLAIM, [iso(now), hash, iso(now)])
  if (!claimed) {
    const row = await q.get<{ family_id: string; rotated_at: string | null; revoked_at: string | null }>(FIND, [hash])
    if (row && row.rotated_at !== null && row.revoked_at === null) await q.run(REVOKE_FAMILY, [iso(now), row.family_id])
    return undefined
  }
  const next = newToken()
  await q.run(INSERT, [randomUUID(), next.hash, claimed.family_id, claimed.id, claimed.user_id, iso(now), iso(now + ttlSeconds * 1000)])
  return { userId: claimed.user_id, token: next.token }
}

/** Logout: ends the login session this token belongs to. An unknown token changes nothing. */
export async function revokeRefreshToken(q: Queries, now: number, token: string): Promise<void> {
  const row = await q.get<{ family_id: string }>(FIND, [hashToken(token)])
  if (row) await q.run(REVOKE_FAMILY, [iso(now), row.family_id])
}

export function refreshTokenInvalid(): ApiError {
  return new ApiError('REFRESH_TOKEN_INVALID', 'This refresh token is not valid (expired, revoked or already used). Sign in again.')
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
