import { randomUUID } from 'node:crypto'
import type { Session, SessionInfo, User } from 'shared'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { Queries } from '../db/statement'
import type { AccessTokens } from '../tokens/access-tokens'
import { issueRefreshToken, iso, rotateRefreshToken, sessionOfToken } from './refresh-tokens'
import { type Device, type SessionApp, endOtherSessions, endSession, enforceCap, insertSession, liveSessions, touchSession } from './session-rows'

export interface SessionOptions {
  database: Database
  clock: Clock
  /** Signs the access tokens it hands out. */
  accessTokens: AccessTokens
  refreshTokenTtl: number
  /** MAX_SESSIONS_PER_USER: starting one more ends the least recently active. */
  maxSessionsPerUser: number
  /** REFRESH_REUSE_WINDOW: seconds a rotated refresh token is kept, to recognise it presented again. */
  refreshReuseWindow: number
}

/** Who a session is started for: the account as the API shows it, and what the login read with it. */
export interface SessionOwner {
  user: User
  /** Sessions the account had before this one (live or expired), for the cap. */
  sessions: number
  /** This login created the account. */
  created: boolean
}

export type Sessions = ReturnType<typeof createSessions>

const NO_DEVICE: Device = { platform: '', model: '', appVersion: '' }

/**
 * Sessions: one sign-in on one device, from its login through every refresh of its rotating refresh tokens,
 * until it is logged out, revoked, capped, expires or its account is deleted. Built once at start-up; knows
 * nothing of accounts (accounts/login.ts brings the two together in one transaction).
 */
export function createSessions(opts: SessionOptions) {
  const { database, clock } = opts
  /** Sessions last active before this have no usable refresh token left. */
  const liveSince = () => iso(clock.now() - opts.refreshTokenTtl * 1000)

  /** The tokens a client gets for a session: a new access token and the given refresh token. */
  function issue(user: User, sessionId: string, app: string, refreshToken: string): Session {
    return {
      accessToken: opts.accessTokens.sign({ sub: user.id, sid: sessionId, app }),
      refreshToken,
      expiresIn: opts.accessTokens.ttlSeconds,
      user,
    }
  }

  return {
    issue,

    /**
     * A new session, written with `q` (the login's own transaction). `owner.sessions` says whether the cap can
     * apply; only then are the sessions read. That count is exact on SQLite (one writer) and for an account
     * this login created; on PostgreSQL a concurrent login's sessions may be missing from it (the statement's
     * snapshot predates them), so there they are always read.
     */
    async start(q: Queries, owner: SessionOwner, app: SessionApp, device: Partial<Device> | undefined): Promise<Session> {
      const now = clock.now()
      const sessionId = randomUUID()
      const userId = owner.user.id
      await insertSession(q, sessionId, userId, app, { ...NO_DEVICE, ...device }, iso(now))
      const refreshToken = await issueRefreshToken(q, now, opts.refreshTokenTtl, userId, sessionId)
      const countIsExact = owner.created || database.dialect === 'sqlite'
      if (!countIsExact || owner.sessions + 1 > opts.maxSessionsPerUser) await enforceCap(q, userId, opts.maxSessionsPerUser, liveSince())
      return issue(owner.user, sessionId, app.app, refreshToken)
    },

    /**
     * Trades a refresh token for the next one of the same session (same id, same device) and records its
     * activity, with `q` (a transaction). A rotated token presented again ends its session. `undefined` for
     * any token that cannot be used.
     */
    async rotate(q: Queries, refreshToken: string): Promise<{ userId: string; sessionId: string; app: string; refreshToken: string } | undefined> {
      const rotated = await rotateRefreshToken(q, clock.now(), opts.refreshTokenTtl, opts.refreshReuseWindow, refreshToken)
      if (!rotated.ok) {
        // A copy of a rotated token: end the session it belongs to, the holder's new token included.
        if (rotated.reused) await endSession(q, rotated.reused.sessionId, rotated.reused.userId, iso(clock.now()))
        return undefined
      }
      const session = await touchSession(q, rotated.sessionId, rotated.userId, iso(clock.now()))
      if (!session) return undefined
      return { userId: rotated.userId, sessionId: rotated.sessionId, app: session.app, refreshToken: rotated.token }
    },

    /** Logout: ends the session of this refresh token. Idempotent: an unknown or ended one changes nothing. */
    async logout(refreshToken: string): Promise<void> {
      await database.transaction(async (tx) => {
        const session = await sessionOfToken(tx, refreshToken)
        if (session) await endSession(tx, session.sessionId, session.userId, iso(clock.now()))
      })
    },

    /** The account's live sessions, most recently active first. */
    async list(userId: string, currentId: string): Promise<SessionInfo[]> {
      const rows = await liveSessions(database, userId, liveSince())
      return rows.map((row) => ({
        id: row.id,
        current: row.id === currentId,
        device: { platform: row.platform, model: row.model, appVersion: row.app_version },
        platform: row.app_platform,
        app: row.app,
        createdAt: row.created_at,
        lastActiveAt: row.last_active_at,
      }))
    },

    /** Ends one of the account's sessions, with `q`; false when it is not one of them. */
    end: (q: Queries, userId: string, sessionId: string): Promise<boolean> => endSession(q, sessionId, userId, iso(clock.now())),

    /** Ends every session of the account but `keepId`, with `q`. */
    endOthers: (q: Queries, userId: string, keepId: string): Promise<void> => endOtherSessions(q, userId, keepId, iso(clock.now())),
  }
}
