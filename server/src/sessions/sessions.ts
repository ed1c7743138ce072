import { randomUUID } from 'node:crypto'
import type { Session, SessionInfo } from 'shared'
import { findUserById, requirePhoneLogin } from '../accounts/accounts'
import { toApiUser, type UserRecord } from '../accounts/user-view'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { Queries } from '../db/statement'
import { ApiError } from '../api-error'
import { signAccessToken } from './jwt'
import { issueRefreshToken, iso, refreshTokenInvalid, rotateRefreshToken, sessionOfToken } from './refresh-tokens'
import { type Device, endOtherSessions, endSession, enforceCap, insertSession, liveSessions, touchSession } from './session-rows'

export interface SessionOptions {
  database: Database
  clock: Clock
  authSecret: string
  accessTokenTtl: number
  refreshTokenTtl: number
  /** MAX_SESSIONS_PER_USER: starting one more ends the least recently active. */
  maxSessionsPerUser: number
}

export type Sessions = ReturnType<typeof createSessions>

const NO_DEVICE: Device = { platform: '', model: '', appVersion: '' }

/**
 * Sessions: one sign-in on one device, from its login through every refresh of its rotating refresh tokens,
 * until it is logged out, revoked, capped, expires or its account is deleted. Built once at start-up.
 */
export function createSessions(opts: SessionOptions) {
  const { database, clock } = opts
  /** Sessions last active before this have no usable refresh token left. */
  const liveSince = () => iso(clock.now() - opts.refreshTokenTtl * 1000)

  function sessionFor(user: UserRecord, sessionId: string, refreshToken: string): Session {
    return {
      accessToken: signAccessToken(opts.authSecret, clock, user.id, sessionId, opts.accessTokenTtl),
      refreshToken,
      expiresIn: opts.accessTokenTtl,
      user: toApiUser(user),
    }
  }

  return {
    /**
     * A new session for this account, written with `q` (the login's own transaction). `user.sessions`, the
     * sessions it had before, says whether the cap can apply; only then are they read. That count is exact on
     * SQLite (one writer) and for an account this login created; on PostgreSQL a concurrent login's sessions
     * may be missing from it (the statement's snapshot predates them), so there they are always read.
     */
    async start(q: Queries, user: UserRecord & { sessions: number; created: boolean }, device: Partial<Device> | undefined): Promise<Session> {
      const now = clock.now()
      const sessionId = randomUUID()
      await insertSession(q, sessionId, user.id, { ...NO_DEVICE, ...device }, iso(now))
      const refreshToken = await issueRefreshToken(q, now, opts.refreshTokenTtl, user.id, sessionId)
      const countIsExact = user.created || database.dialect === 'sqlite'
      if (!countIsExact || user.sessions + 1 > opts.maxSessionsPerUser) await enforceCap(q, user.id, opts.maxSessionsPerUser, liveSince())
      return sessionFor(user, sessionId, refreshToken)
    },

    /** The next tokens of the same session (same id, same device); the presented refresh token stops working. */
    async refresh(refreshToken: string): Promise<Session> {
      const outcome = await database.transaction(async (tx) => {
        const rotated = await rotateRefreshToken(tx, clock.now(), opts.refreshTokenTtl, refreshToken)
        if (!rotated.ok) {
          // A copy of a rotated token: end the session it belongs to, the holder's new token included.
          if (rotated.reused) await endSession(tx, rotated.reused.sessionId, rotated.reused.userId)
          return undefined
        }
        if (!(await touchSession(tx, rotated.sessionId, rotated.userId, iso(clock.now())))) return undefined
        const user = await findUserById(tx, rotated.userId)
        return user && sessionFor(user, rotated.sessionId, rotated.token)
      })
      if (!outcome) throw refreshTokenInvalid()
      return outcome
    },

    /** Logout: ends the session of this refresh token. Idempotent: an unknown or ended one changes nothing. */
    async logout(refreshToken: string): Promise<void> {
      await database.transaction(async (tx) => {
        const session = await sessionOfToken(tx, refreshToken)
        if (session) await endSession(tx, session.sessionId, session.userId)
      })
    },

    /** The account's live sessions, most recently active first. */
    async list(userId: string, currentId: string): Promise<SessionInfo[]> {
      const rows = await liveSessions(database, userId, liveSince())
      return rows.map((row) => ({
        id: row.id,
        current: row.id === currentId,
        device: { platform: row.platform, model: row.model, appVersion: row.app_version },
        createdAt: row.created_at,
        lastActiveAt: row.last_active_at,
      }))
    },

    /**
     * Ends one of the account's sessions (a security action: wx-login alone no longer signs the account in
     * until its next phone-login). 404 for an id that is not one of its live sessions.
     */
    async revoke(userId: string, sessionId: string): Promise<void> {
      const ended = await database.transaction(async (tx) => {
        if (!(await endSession(tx, sessionId, userId))) return false
        await requirePhoneLogin(tx, userId)
        return true
      })
      if (!ended) throw new ApiError('NOT_FOUND', 'No such session: it is not one of your live sessions.')
    },

    /** Ends every session of the account but the caller's own (a security action, as revoke). */
    async revokeOthers(userId: string, currentId: string): Promise<void> {
      await database.transaction(async (tx) => {
        await endOtherSessions(tx, userId, currentId)
        await requirePhoneLogin(tx, userId)
      })
    },
  }
}
