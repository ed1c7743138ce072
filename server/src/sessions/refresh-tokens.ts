import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { Schema } from '../db/schema'
import { ApiError } from '../errors'

export interface RefreshTokenDeps {
  db: Kysely<Schema>
  clock: Clock
  ttlSeconds: number
}

/** 256 random bits; only its SHA-256 is stored, so a copy of the database signs nobody in. */
function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The first refresh token of a new login session (a new family). */
export async function issueRefreshToken(deps: RefreshTokenDeps, userId: string): Promise<string> {
  const { token, hash } = newToken()
  const now = deps.clock.now()
  await deps.db.insertInto('refresh_tokens').values({
    id: randomUUID(),
    token_hash: hash,
    family_id: randomUUID(),
    parent_id: null,
    user_id: userId,
    created_at: iso(now),
    expires_at: iso(now + deps.ttlSeconds * 1000),
    rotated_at: null,
    revoked_at: null,
  }).execute()
  return token
}

/**
 * Trades a live refresh token for its successor in the same family. The conditional UPDATE is the
 * arbiter: of two requests presenting one token, exactly one marks it rotated; the other finds it
 * already rotated, which is reuse, and revokes the whole family (the winner's new token included).
 */
export async function rotateRefreshToken(deps: RefreshTokenDeps, token: string): Promise<{ userId: string; token: string }> {
  const hash = hashToken(token)
  const now = deps.clock.now()
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('refresh_tokens')
      .set({ rotated_at: iso(now) })
      .where('token_hash', '=', hash)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', iso(now))
      .executeTakeFirst()
    const row = await trx.selectFrom('refresh_tokens')
      .select(['id', 'family_id', 'user_id', 'rotated_at', 'revoked_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst()
    if (!row) return { ok: false as const }
    if (claimed.numUpdatedRows === 0n) {
      // Presented again after rotation: someone holds a copy. End every session descended from this login.
      if (row.rotated_at !== null && row.revoked_at === null) await revokeFamily(trx, row.family_id, now)
      return { ok: false as const }
    }
    const next = newToken()
    await trx.insertInto('refresh_tokens').values({
      id: randomUUID(),
      token_hash: next.hash,
      family_id: row.family_id,
      parent_id: row.id,
      user_id: row.user_id,
      created_at: iso(now),
      expires_at: iso(now + deps.ttlSeconds * 1000),
      rotated_at: null,
      revoked_at: null,
    }).execute()
    return { ok: true as const, userId: row.user_id, token: next.token }
  })
  if (!outcome.ok) throw refreshTokenInvalid()
  return { userId: outcome.userId, token: outcome.token }
}

/** Logout: ends the login session this token belongs to. An unknown token changes nothing. */
export async function revokeRefreshToken(deps: RefreshTokenDeps, token: string): Promise<void> {
  const row = await deps.db.selectFrom('refresh_tokens').select('family_id').where('token_hash', '=', hashToken(token)).executeTakeFirst()
  if (row) await revokeFamily(deps.db, row.family_id, deps.clock.now())
}

async function revokeFamily(db: Kysely<Schema>, familyId: string, now: number): Promise<void> {
  await db.updateTable('refresh_tokens')
    .set({ revoked_at: iso(now) })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute()
}

export function refreshTokenInvalid(): ApiError {
  return new ApiError('REFRESH_TOKEN_INVALID', 'This refresh token is not valid (expired, revoked or already used). Sign in again.')
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
