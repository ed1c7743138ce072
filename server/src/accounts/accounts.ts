import { randomUUID } from 'node:crypto'
import { isUniqueViolation } from '../db/database-errors'
import { type Queries, sql } from '../db/statement'
import { ApiError } from '../api-error'
import { phoneKey } from '../phone'
import type { PhoneInfo, WechatIdentity } from '../platforms/weixin/types'
import { DEFAULT_AVATAR_URL, defaultNickname, type UserRecord } from './user-view'

type UserRow = Omit<UserRecord, 'wechatLinked'> & { linked: number | boolean }

/**
 * An account as a login reads it: with the number of sessions it had (live or expired), for the cap, and
 * whether this login created it.
 */
export type AccountWithSessions = UserRecord & { sessions: number; created: boolean }

const USER_COLUMNS = `"id", "country_code", "pure_phone", "nickname", "avatar_url", "created_at"`
const LINKED = `exists (select 1 from "wechat_identities" "w" where "w"."user_id" = "users"."id") as "linked"`
// How many sessions the account has, read with it: a login enforces the session cap only when it could apply.
const SESSION_COUNT = `(select count(*) from "sessions" "s" where "s"."user_id" = "users"."id") as "sessions"`

// The upsert's DO UPDATE also takes the row lock: concurrent logins (and links) to one account take turns on
// PostgreSQL, as SQLite's single writer does anyway, so each sees the link the previous one made.
const UPSERT_BY_PHONE = sql(`insert into "users" ("id", "phone", "country_code", "pure_phone", "nickname", "avatar_url", "created_at", "updated_at")
  values (?, ?, ?, ?, ?, ?, ?, ?)
  on conflict ("phone") do update set "updated_at" = excluded."updated_at", "phone_required" = 0
  returning ${USER_COLUMNS}, ${LINKED}, ${SESSION_COUNT}`)
const UNLINK_OTHER_OPENID = sql(`delete from "wechat_identities" where "user_id" = ? and "openid" <> ?`)
// WeChat sends unionid only when the app is bound to an Open Platform account; keep one we already know.
const LINK_OPENID = sql(`insert into "wechat_identities" ("openid", "user_id", "unionid", "created_at", "updated_at")
  values (?, ?, ?, ?, ?)
  on conflict ("openid") do update set "user_id" = excluded."user_id",
    "unionid" = coalesce(excluded."unionid", "wechat_identities"."unionid"), "updated_at" = excluded."updated_at"`)
const BY_ID = sql(`select ${USER_COLUMNS}, ${LINKED} from "users" where "id" = ?`)
// An account whose sessions were revoked needs a phone-login first: its openid alone no longer signs it in.
const BY_OPENID = sql(`select ${USER_COLUMNS}, 1 as "linked", ${SESSION_COUNT} from "users"
  where "id" = (select "user_id" from "wechat_identities" where "openid" = ?) and "phone_required" = 0`)
// The account, only while this session of it is live: one read checks both (no second round trip).
const IN_SESSION = sql(`select ${qualified('users', USER_COLUMNS)}, ${LINKED} from "users"
  join "sessions" on "sessions"."user_id" = "users"."id" where "users"."id" = ? and "sessions"."id" = ?`)
const REQUIRE_PHONE = sql(`update "users" set "phone_required" = 1 where "id" = ?`)
// Identities, sessions and refresh tokens go with it (foreign keys, on delete cascade).
const DELETE_ACCOUNT = sql(`delete from "users" where "id" = ?`)
const CHANGE_PHONE = sql(`update "users" set "phone" = ?, "country_code" = ?, "pure_phone" = ?, "updated_at" = ?
  where "id" = ? returning ${USER_COLUMNS}, ${LINKED}`)
const PHONE_OF = sql(`select "phone" from "users" where "id" = ?`)

/**
 * The account of this phone number, created if it has none (one statement: the unique constraint, not a prior
 * lookup, decides, so concurrent logins for one new number land on one row); with a WeChat identity, links it,
 * moving the link from any other account: this WeChat user has just proved the number.
 */
export async function upsertAccount(q: Queries, now: string, phone: PhoneInfo, identity?: WechatIdentity): Promise<AccountWithSessions> {
  const id = randomUUID()
  const row = await q.get<UserRow & { sessions: number | string }>(UPSERT_BY_PHONE, [
    id, phoneKey(phone), phone.countryCode, phone.purePhoneNumber, defaultNickname(id), DEFAULT_AVATAR_URL, now, now,
  ])
  const user = { ...toRecord(row!), sessions: Number(row!.sessions), created: row!.id === id }
  if (!identity) return user
  // One WeChat user per account: the account's link to another openid goes (a new account has none); this
  // openid's link moves here.
  if (!user.created) await q.run(UNLINK_OTHER_OPENID, [user.id, identity.openid])
  await q.run(LINK_OPENID, [identity.openid, user.id, identity.unionid ?? null, now, now])
  return { ...user, wechatLinked: true }
}

export async function findUserById(q: Queries, id: string): Promise<UserRecord | undefined> {
  const row = await q.get<UserRow>(BY_ID, [id])
  return row && toRecord(row)
}

/** The account of a live session; `undefined` once the session ended or the account is gone. */
export async function findUserInSession(q: Queries, userId: string, sessionId: string): Promise<UserRecord | undefined> {
  const row = await q.get<UserRow>(IN_SESSION, [userId, sessionId])
  return row && toRecord(row)
}

/** After a revocation: until the next phone-login, wx-login answers "not registered" for this account. */
export async function requirePhoneLogin(q: Queries, userId: string): Promise<void> {
  await q.run(REQUIRE_PHONE, [userId])
}

/** The account's number as its key (`+86…`), to compare with a number WeChat just proved. */
export async function phoneKeyOf(q: Queries, userId: string): Promise<string | undefined> {
  return (await q.get<{ phone: string }>(PHONE_OF, [userId]))?.phone
}

/** Deletes the account and, through the foreign keys, its WeChat links, sessions and refresh tokens. */
export async function deleteAccount(q: Queries, userId: string): Promise<boolean> {
  return (await q.run(DELETE_ACCOUNT, [userId])) > 0
}

export async function findUserByOpenid(q: Queries, openid: string): Promise<AccountWithSessions | undefined> {
  const row = await q.get<UserRow & { sessions: number | string }>(BY_OPENID, [openid])
  return row && { ...toRecord(row), sessions: Number(row.sessions), created: false }
}

/**
 * Moves the account to another number. The unique constraint, not a prior lookup, decides whether the number
 * is free, so two accounts racing for one number cannot both get it. `unchanged`: it was already this number.
 */
export async function changePhone(q: Queries, now: string, userId: string, phone: PhoneInfo): Promise<{ user: UserRecord; unchanged: boolean }> {
  const key = phoneKey(phone)
  const before = await q.get<{ phone: string }>(PHONE_OF, [userId])
  if (!before) throw accountGone()
  let row: UserRow | undefined
  try {
    row = await q.get<UserRow>(CHANGE_PHONE, [key, phone.countryCode, phone.purePhoneNumber, now, userId])
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError('PHONE_TAKEN', 'This phone number already belongs to another account.')
    throw err
  }
  if (!row) throw accountGone()
  return { user: toRecord(row), unchanged: before.phone === key }
}

export function accountGone(): ApiError {
  return new ApiError('UNAUTHORIZED', 'This account no longer exists. Sign in again.')
}

function qualified(table: string, columns: string): string {
  return columns.split(', ').map((column) => `"${table}".${column}`).join(', ')
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    country_code: row.country_code,
    pure_phone: row.pure_phone,
    nickname: row.nickname,
    avatar_url: row.avatar_url,
    created_at: row.created_at,
    // SQLite answers 0/1, PostgreSQL a boolean.
    wechatLinked: row.linked === true || row.linked === 1,
  }
}
