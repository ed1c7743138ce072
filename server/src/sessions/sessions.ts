import type { Session } from 'shared'
import { findUserById } from '../accounts/accounts'
import { toApiUser, type UserRecord } from '../accounts/user-view'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { Queries } from '../db/statement'
import { signAccessToken } from './jwt'
import { issueRefreshToken, refreshTokenInvalid, revokeRefreshToken, rotateRefreshToken } from './refresh-tokens'

export interface SessionOptions {
  database: Database
  clock: Clock
  authSecret: string
  accessTokenTtl: number
  refreshTokenTtl: number
}

export type Sessions = ReturnType<typeof createSessions>

/** Login sessions: an access token plus a family of rotating refresh tokens. Built once at start-up. */
export function createSessions(opts: SessionOptions) {
  const { database, clock } = opts

  function sessionFor(user: UserRecord, refreshToken: string): Session {
    return {
      accessToken: signAccessToken(opts.authSecret, clock, user.id, opts.accessTokenTtl),
      refreshToken,
      expiresIn: opts.accessTokenTtl,
      user: toApiUser(user),
    }
  }

  return {
    /** A new login session for this account, written with `q` (the login's own transaction). */
    async start(q: Queries, user: UserRecord): Promise<Session> {
      return sessionFor(user, await issueRefreshToken(q, clock.now(), opts.refreshTokenTtl, user.id))
    },

    /** The next tokens of an existing login session; the presented refresh token stops working. */
    async refresh(refreshToken: string): Promise<Session> {
      const outcome = await database.transaction(async (tx) => {
        const rotated = await rotateRefreshToken(tx, clock.now(), opts.refreshTokenTtl, refreshToken)
        // Deleting an account deletes its tokens (foreign key cascade), so a rotated token has its account.
        return rotated && { token: rotated.token, user: await findUserById(tx, rotated.userId) }
      })
      if (!outcome?.user) throw refreshTokenInvalid()
      return sessionFor(outcome.user, outcome.token)
    },

    /** Logout: idempotent, an unknown or already revoked token changes nothing. */
    async logout(refreshToken: string): Promise<void> {
      await revokeRefreshToken(database, clock.now(), refreshToken)
    },
  }
}
