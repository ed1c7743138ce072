import { type Queries, sql } from '../db/statement'
import type { PlatformName } from '../platforms/platform'

/** The device a session was started on, as the client reported it ("" when it did not say). */
export interface Device {
  platform: string
  model: string
  appVersion: string
}

/** The app a session was signed in on. */
export interface SessionApp {
  platform: PlatformName
  app: string
}

export interface SessionRow {
  id: string
  app_platform: PlatformName
  app: string
  platform: string
  model: string
  app_version: string
  created_at: string
  last_active_at: string
}

const INSERT = sql(`insert into "sessions" ("id", "user_id", "platform", "model", "app_version", "created_at", "last_active_at", "app_platform", "app")
  values (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
const TOUCH = sql(`update "sessions" set "last_active_at" = ? where "id" = ? and "user_id" = ? returning "app"`)
// A session lives as long as its newest refresh token: REFRESH_TOKEN_TTL after it was last active.
const LIVE_OF_USER = sql(`select "id", "app_platform", "app", "platform", "model", "app_version", "created_at", "last_active_at" from "sessions"
  where "user_id" = ? and "last_active_at" > ? order by "last_active_at" desc, "created_at" desc`)
// The account's sessions beyond the newest `max`, and expired ones (the bound only makes OFFSET portable).
const BEYOND_CAP = `select "id" from "sessions" where "user_id" = ?
  and ("last_active_at" <= ? or "id" in (select "id" from "sessions" where "user_id" = ?
    order by "last_active_at" desc, "created_at" desc limit 100000 offset ?))`
const CAP_TOKENS = sql(`delete from "refresh_tokens" where "user_id" = ? and "family_id" in (${BEYOND_CAP})`)
const CAP_SESSIONS = sql(`delete from "sessions" where "user_id" = ? and "id" in (${BEYOND_CAP})`)
const DELETE = sql(`delete from "sessions" where "id" = ? and "user_id" = ?`)
const DELETE_TOKENS = sql(`delete from "refresh_tokens" where "family_id" = ? and "user_id" = ?`)
const DELETE_OTHERS = sql(`delete from "sessions" where "user_id" = ? and "id" <> ?`)
const DELETE_OTHERS_TOKENS = sql(`delete from "refresh_tokens" where "user_id" = ? and "family_id" <> ?`)
// When the account last had a session ended on purpose: the recycled-number rule reads it (the rows are gone).
const ENDED_AT = sql(`update "users" set "sessions_ended_at" = ? where "id" = ?`)

export async function insertSession(q: Queries, id: string, userId: string, app: SessionApp, device: Device, now: string): Promise<void> {
  await q.run(INSERT, [id, userId, device.platform, device.model, device.appVersion, now, now, app.platform, app.app])
}

/** Records activity; false when the session no longer exists (it was ended). */
export async function touchSession(q: Queries, id: string, userId: string, now: string): Promise<{ app: string } | undefined> {
  return q.get<{ app: string }>(TOUCH, [now, id, userId])
}

export function liveSessions(q: Queries, userId: string, liveSince: string): Promise<SessionRow[]> {
  return q.all<SessionRow>(LIVE_OF_USER, [userId, liveSince])
}

/** Ends one session: the row and its refresh tokens go. False when it was not one of this account's. */
export async function endSession(q: Queries, id: string, userId: string, now: string): Promise<boolean> {
  await q.run(DELETE_TOKENS, [id, userId])
  const ended = (await q.run(DELETE, [id, userId])) > 0
  if (ended) await q.run(ENDED_AT, [now, userId])
  return ended
}

/** Ends every session of the account but `keepId`. */
export async function endOtherSessions(q: Queries, userId: string, keepId: string, now: string): Promise<void> {
  await q.run(DELETE_OTHERS_TOKENS, [userId, keepId])
  if ((await q.run(DELETE_OTHERS, [userId, keepId])) > 0) await q.run(ENDED_AT, [now, userId])
}

/**
 * Keeps at most `max` live sessions: the least recently active beyond that end, and so do expired ones
 * (their refresh tokens cannot be used any more).
 */
export async function enforceCap(q: Queries, userId: string, max: number, liveSince: string): Promise<number> {
  const params = [userId, userId, liveSince, userId, max]
  await q.run(CAP_TOKENS, params)
  return q.run(CAP_SESSIONS, params)
}
