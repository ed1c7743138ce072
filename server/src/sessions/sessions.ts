import type { Kysely } from 'kysely'
import type { Session } from 'shared'
import { findUserById } from '../accounts/accounts'
import { toApiUser, type UserRecord } from '../accounts/user-view'
import type { Clock } from '../clock'
import type { Schema } from '../db/schema'
import { signAccessToken } from './jwt'
import { issueRefreshToken, refreshTokenInvalid, rotateRefreshToken } from './refresh-tokens'

export interface SessionDeps {
  db: Kysely<Schema>
  clock: Clock
  authSecret: string
  accessTokenTtl: number
  refreshTokenTtl: number
}

/** A new login session for this account: an access token and the first refresh token of a new family. */
export async function startSession(deps: SessionDeps, user: UserRecord): Promise<Session> {
  const refreshToken = await issueRefreshToken({ ...deps, ttlSeconds: deps.refreshTokenTtl }, user.id)
  return sessionFor(deps, user, refreshToken)
}

/** The next tokens of an existing login session; the presented refresh token stops working. */
export async function refreshSession(deps: SessionDeps, refreshToken: string): Promise<Session> {
  const rotated = await rotateRefreshToken({ ...deps, ttlSeconds: deps.refreshTokenTtl }, refreshToken)
  const user = await findUserById(deps.db, rotated.userId)
  // Deleting an account deletes its tokens (foreign key cascade); this only covers a delete racing us.
  if (!user) throw refreshTokenInvalid()
  return sessionFor(deps, user, rotated.token)
}

function sessionFor(deps: SessionDeps, user: UserRecord, refreshToken: string): Session {
  return {
    accessToken: signAccessToken(deps.authSecret, deps.clock, user.id, deps.accessTokenTtl),
    refreshToken,
    expiresIn: deps.accessTokenTtl,
    user: toApiUser(user),
  }
}
