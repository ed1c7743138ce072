import { randomUUID } from 'node:crypto'
import { isUniqueViolation } from '../db/database-errors'
import { type Queries, sql } from '../db/statement'
import { ApiError } from '../api-error'
import { phoneKey } from '../phone'
import type { PhoneInfo, PlatformIdentity, PlatformName } from '../platforms/platform'
import { DEFAULT_AVATAR_URL, defaultNickname, type UserRecord } from './user-view'

type UserRow = Omit<UserRecord, 'identities'> & { identity_platform: PlatformName | null; identity_app: string | null }

/**
 * An account as a login reads it: with the number of sessions it had (live or expired), for the cap, and
 * whether this login created it.
 */
export type AccountWithSessions = UserRecord & { sessions: number; created: boolean }

/** Which app a login is for, and who the caller is on it (when it sent a login code). */
export interface AppUser {
  platform: PlatformName
  app: string
  identity?: PlatformIdentity
}

const USER_COLUMNS = `"id", "country_code", "pure_phone", "nickname", "avatar_url", "created_at"`
// The account's identities come with it as joined rows (one round trip), folded by toRecord.
const WITH_IDENTITIES = `"i"."platform" as "identity_platform", "i"."app" as "identity_app"`
const JOIN_IDENTITIES = `left join "identities" "i" on "i"."user_id" = "users"."id"`
// How many sessions the account has, read with it: a login enforces the session cap only when it could apply.
const SESSION_COUNT = `(select count(*) from "sessions" "s" where "s"."user_id" = "users"."id") as "sessions"`

// The upsert's DO UPDATE also takes the row lock: concurrent logins (and links) to one account take turns on
// PostgreSQL, as SQLite's single writer does anyway, so each sees the link the previous one made.
const UPSERT_BY_PHONE = sql(`insert into "users" ("id", "phone", "country_code", "pure_phone", "nickname", "avatar_url", "created_at", "updated_at", "created_platform", "created_app")
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict ("phone") do update set "updated_at" = excluded."updated_at", "phone_required" = 0
  returning ${USER_COLUMNS}, ${SESSION_COUNT}`)
// One user per app per account: the account's link to another user of this app goes.
const OTHER_USER_OF_APP = sql(`select 1 as "found" from "identities" where "user_id" = ? and "platform" = ? and "app" = ? and "user_key" <> ?`)
const UNLINK_OTHER_USER = sql(`delete from "identities" where "user_id" = ? and "platform" = ? and "app" = ? and "user_key" <> ?`)
// The platform sends a unionid only when the app is bound to an owner (WeChat: Open Platform); keep one we know.
const LINK = sql(`insert into "identities" ("platform", "app", "user_key", "user_id", "unionid", "created_at", "updated_at")
  values (?, ?, ?, ?, ?, ?, ?)
  on conflict ("platform", "app", "user_key") do update set "user_id" = excluded."user_id",
    "unionid" = coalesce(excluded."unionid", "identities"."unionid"), "updated_at" = excluded."updated_at"`)
const IDENTITIES_OF = sql(`select "platform" as "identity_platform", "app" as "identity_app" from "identities" "i" where "user_id" = ?`)
const BY_ID = sql(`select ${qualified('users', USER_COLUMNS)}, ${WITH_IDENTITIES} from "users" ${JOIN_IDENTITIES} where "users"."id" = ?`)
// An account whose sessions were revoked needs a phone-login first: its identities alone no longer sign it in.
const BY_IDENTITY = sql(`select ${qualified('users', USER_COLUMNS)}, ${WITH_IDENTITIES}, ${SESSION_COUNT} from "users" ${JOIN_IDENTITIES}
  where "users"."id" = (select "user_id" from "identities" where "platform" = ? and "app" = ? and "user_key" = ?) and "phone_required" = 0`)
// The account a unionid is linked to through another app of the same platform (the most recently linked one),
// unless it already has another user on this app, or its sessions were revoked.
const BY_UNIONID = sql(`select "u"."user_id" from "identities" "u" join "users" on "users"."id" = "u"."user_id"
  where "u"."platform" = ? and "u"."unionid" = ? and "users"."phone_required" = 0
  and not exists (select 1 from "identities" "o" where "o"."user_id" = "u"."user_id" and "o"."platform" = ? and "o"."app" = ?)
  order by "u"."updated_at" desc limit 1`)
// The account, only while this session of it is live: one read checks both (no second round trip).
// Exported for the bench's lean server (bench/lean-server.ts), which runs this very statement.
export const IN_SESSION = sql(`select ${qualified('users', USER_COLUMNS)}, ${WITH_IDENTITIES} from "users"
  join "sessions" on "sessions"."user_id" = "users"."id" ${JOIN_IDENTITIES} where "users"."id" = ? and "sessions"."id" = ?`)
const REQUIRE_PHONE = sql(`update "users" set "phone_required" = 1 where "id" = ?`)
// Identities, sessions and refresh tokens go with it (foreign keys, on delete cascade).
const DELETE_ACCOUNT = sql(`delete from "users" where "id" = ?`)
const CHANGE_PHONE = sql(`update "users" set "phone" = ?, "country_code" = ?, "pure_phone" = ?, "updated_at" = ?
  where "id" = ? returning ${USER_COLUMNS}`)
const PHONE_OF = sql(`select "phone" from "users" where "id" = ?`)

/**
 * The account of this phone number, created if it has none (one statement: the unique constraint, not a prior
 * lookup, decides, so concurrent logins for one new number land on one row); with the caller's identity on the
 * app, links it, moving the link from any other account: this user has just proved the number.
 */
export async function upsertAccount(
  q: Queries,
  now: string,
  phone: PhoneInfo,
  caller: AppUser,
  opts: { keepOtherUser?: boolean } = {},
): Promise<AccountWithSessions> {
  const id = randomUUID()
  const row = await q.get<Omit<UserRow, 'identity_platform' | 'identity_app'> & { sessions: number | string }>(UPSERT_BY_PHONE, [
    id, phoneKey(phone), phone.countryCode, phone.purePhoneNumber, defaultNickname(id), DEFAULT_AVATAR_URL, now, now, caller.platform, caller.app,
  ])
  const created = row!.id === id
  const identity = caller.identity
  if (identity) {
    // keepOtherUser (a replayable proof): the account's link to another user of this app stays, and the login
    // is refused. Checked after the upsert, which holds the account's row: racing logins see each other's link.
    if (!created && opts.keepOtherUser && await q.get(OTHER_USER_OF_APP, [row!.id, caller.platform, caller.app, identity.userId])) {
      throw new ApiError('PHONE_TAKEN', 'This phone number belongs to an account linked to another user of this app.')
    }
    // A new account has no link to replace.
    if (!created) await q.run(UNLINK_OTHER_USER, [row!.id, caller.platform, caller.app, identity.userId])
    await q.run(LINK, [caller.platform, caller.app, identity.userId, row!.id, identity.unionid ?? null, now, now])
  }
  const user = created && !identity ? toRecord([{ ...row!, identity_platform: null, identity_app: null }]) : await withIdentities(q, row!)
  return { ...user, sessions: Number(row!.sessions), created }
}

/**
 * Silent login: the account of this user on this app; else, when the platform sent a unionid linked through
 * another app of the same platform, that account, with this user linked to it (no tap, no paid call).
 * `undefined`: not registered (or its sessions were revoked since its last phone-login).
 */
export async function findAccountOfUser(q: Queries, now: string, caller: Required<AppUser>): Promise<AccountWithSessions | undefined> {
  const { platform, app, identity } = caller
  const found = await accountOfIdentity(q, platform, app, identity.userId)
  if (found || identity.unionid === undefined) return found
  const joined = await q.get<{ user_id: string }>(BY_UNIONID, [platform, identity.unionid, platform, app])
  if (!joined) return undefined
  await q.run(LINK, [platform, app, identity.userId, joined.user_id, identity.unionid, now, now])
  return accountOfIdentity(q, platform, app, identity.userId)
}

async function accountOfIdentity(q: Queries, platform: PlatformName, app: string, userKey: string): Promise<AccountWithSessions | undefined> {
  const rows = await q.all<UserRow & { sessions: number | string }>(BY_IDENTITY, [platform, app, userKey])
  return rows.length > 0 ? { ...toRecord(rows), sessions: Number(rows[0]!.sessions), created: false } : undefined
}

export async function findUserById(q: Queries, id: string): Promise<UserRecord | undefined> {
  const rows = await q.all<UserRow>(BY_ID, [id])
  return rows.length > 0 ? toRecord(rows) : undefined
}

/** The account of a live session; `undefined` once the session ended or the account is gone. */
export async function findUserInSession(q: Queries, userId: string, sessionId: string): Promise<UserRecord | undefined> {
  const rows = await q.all<UserRow>(IN_SESSION, [userId, sessionId])
  return rows.length > 0 ? toRecord(rows) : undefined
}

/** After a revocation: until the next phone-login, silent login answers "not registered" for every identity of the account. */
export async function requirePhoneLogin(q: Queries, userId: string): Promise<void> {
  await q.run(REQUIRE_PHONE, [userId])
}

/** The account's number as its key (`+86…`), to compare with a number the platform just proved. */
export async function phoneKeyOf(q: Queries, userId: string): Promise<string | undefined> {
  return (await q.get<{ phone: string }>(PHONE_OF, [userId]))?.phone
}

/** Deletes the account and, through the foreign keys, its identities, sessions and refresh tokens. */
export async function deleteAccount(q: Queries, userId: string): Promise<boolean> {
  return (await q.run(DELETE_ACCOUNT, [userId])) > 0
}

/**
 * Moves the account to another number. The unique constraint, not a prior lookup, decides whether the number
 * is free, so two accounts racing for one number cannot both get it. `unchanged`: it was already this number.
 */
export async function changePhone(q: Queries, now: string, userId: string, phone: PhoneInfo): Promise<{ user: UserRecord; unchanged: boolean }> {
  const key = phoneKey(phone)
  const before = await q.get<{ phone: string }>(PHONE_OF, [userId])
  if (!before) throw accountGone()
  let row: Omit<UserRow, 'identity_platform' | 'identity_app'> | undefined
  try {
    row = await q.get(CHANGE_PHONE, [key, phone.countryCode, phone.purePhoneNumber, now, userId])
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError('PHONE_TAKEN', 'This phone number already belongs to another account.')
    throw err
  }
  if (!row) throw accountGone()
  return { user: await withIdentities(q, row), unchanged: before.phone === key }
}

export function accountGone(): ApiError {
  return new ApiError('UNAUTHORIZED', 'This account no longer exists. Sign in again.')
}

function qualified(table: string, columns: string): string {
  return columns.split(', ').map((column) => `"${table}".${column}`).join(', ')
}

async function withIdentities(q: Queries, row: Omit<UserRow, 'identity_platform' | 'identity_app'>): Promise<UserRecord> {
  const identities = await q.all<Pick<UserRow, 'identity_platform' | 'identity_app'>>(IDENTITIES_OF, [row.id])
  return toRecord(identities.length > 0 ? identities.map((r) => ({ ...row, ...r })) : [{ ...row, identity_platform: null, identity_app: null }])
}

/** The account's rows (one per identity, or one with no identity) as one record. */
function toRecord(rows: readonly UserRow[]): UserRecord {
  const row = rows[0]!
  const identities = rows.filter((r) => r.identity_platform !== null && r.identity_app !== null)
    .map((r) => ({ platform: r.identity_platform!, app: r.identity_app! }))
    .sort((a, b) => a.platform.localeCompare(b.platform) || a.app.localeCompare(b.app))
  return {
    id: row.id,
    country_code: row.country_code,
    pure_phone: row.pure_phone,
    nickname: row.nickname,
    avatar_url: row.avatar_url,
    created_at: row.created_at,
    identities,
  }
}
