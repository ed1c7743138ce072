import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { type Queries, sql } from '../db/statement'
import { ApiError } from '../api-error'

const INSERT = sql(`insert into "refresh_tokens" ("id", "token_hash", "family_id", "parent_id", "user_id", "created_at", "expires_at")
  values (?, ?, ?, ?, ?, ?, ?)`)
// The conditional UPDATE is the arbiter: of two requests presenting one token, exactly one claims it.
const CLAIM = sql(`update "refresh_tokens" set "rotated_at" = ?
  where "token_hash" = ? and "rotated_at" is null and "revoked_at" is null and "expires_at" > ?
  returning "id", "family_id", "user_id"`)
// Rotated tokens are kept only while reuse detection needs them: a session refreshed every minute keeps at most
// REFRESH_REUSE_WINDOW / 60 of them, not one per refresh forever.
const PRUNE_ROTATED = sql(`delete from "refresh_tokens" where "family_id" = ? and "rotated_at" is not null and "rotated_at" < ?`)
const FIND = sql(`select "family_id", "user_id", "rotated_at", "revoked_at" from "refresh_tokens" where "token_hash" = ?`)

/** 256 random bits; only its SHA-256 is stored, so a copy of the database signs nobody in. */
function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The first refresh token of a session (its family id is the session's id). */
export async function issueRefreshToken(q: Queries, now: number, ttlSeconds: number, userId: string, sessionId: string): Promise<string> {
  const { token, hash } = newToken()
  await q.run(INSERT, [randomUUID(), hash, sessionId, null, userId, iso(now), iso(now + ttlSeconds * 1000)])
  return token
}

export type Rotation =
  | { ok: true; userId: string; sessionId: string; token: string }
  /** `reused`: a token presented again after rotation; someone holds a copy, so its session must end. */
  | { ok: false; reused?: { sessionId: string; userId: string } }

/**
 * Trades a live refresh token for its successor in the same session (run it in a transaction), and drops the
 * session's tokens rotated more than `reuseWindowSeconds` ago (presented again, those are merely unknown).
 */
export async function rotateRefreshToken(q: Queries, now: number, ttlSeconds: number, reuseWindowSeconds: number, token: string): Promise<Rotation> {
  const hash = hashToken(token)
  const claimed = await q.get<{ id: string; family_id: string; user_id: string }>(CLAIM, [iso(now), hash, iso(now)])
  if (!claimed) {
    const row = await q.get<{ family_id: string; user_id: string; rotated_at: string | null; revoked_at: string | null }>(FIND, [hash])
    const reused = row && row.rotated_at !== null && row.revoked_at === null
    return reused ? { ok: false, reused: { sessionId: row.family_id, userId: row.user_id } } : { ok: false }
  }
  const next = newToken()
  await q.run(INSERT, [randomUUID(), next.hash, claimed.family_id, claimed.id, claimed.user_id, iso(now), iso(now + ttlSeconds * 1000)])
  await q.run(PRUNE_ROTATED, [claimed.family_id, iso(now - reuseWindowSeconds * 1000)])
  return { ok: true, userId: claimed.user_id, sessionId: claimed.family_id, token: next.token }
}

/** The session a refresh token belongs to, live or not (logout ends it). */
export async function sessionOfToken(q: Queries, token: string): Promise<{ sessionId: string; userId: string } | undefined> {
  const row = await q.get<{ family_id: string; user_id: string }>(FIND, [hashToken(token)])
  return row && { sessionId: row.family_id, userId: row.user_id }
}

export function refreshTokenInvalid(): ApiError {
  return new ApiError('REFRESH_TOKEN_INVALID', 'This refresh token is not valid (expired, revoked or already used). Sign in again.')
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
