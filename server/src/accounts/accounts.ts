import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import { isUniqueViolation } from '../db/errors'
import type { Schema } from '../db/schema'
import { ApiError } from '../errors'
import { phoneKey } from '../phone'
import type { PhoneInfo, WechatIdentity } from '../wechat/types'
import { DEFAULT_AVATAR_URL, defaultNickname, type UserRecord } from './user-view'

export interface AccountDeps {
  db: Kysely<Schema>
  clock: Clock
}

/**
 * The account of this phone number, created if it has none; with a WeChat identity, links it (moving the
 * link from any other account: this WeChat user has just proved the number). Insert-or-nothing then select,
 * so concurrent logins for one new number all land on the single row the unique constraint lets through.
 */
export async function phoneLogin(deps: AccountDeps, phone: PhoneInfo, identity?: WechatIdentity): Promise<UserRecord> {
  const now = new Date(deps.clock.now()).toISOString()
  const key = phoneKey(phone)
  return deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('users')
      .values({
        id: randomUUID(),
        phone: key,
        country_code: phone.countryCode,
        pure_phone: phone.purePhoneNumber,
        nickname: defaultNickname(phone.purePhoneNumber),
        avatar_url: DEFAULT_AVATAR_URL,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('phone').doNothing())
      .execute()
    const user = await trx.selectFrom('users').select('id').where('phone', '=', key).executeTakeFirstOrThrow()
    if (identity) await linkIdentity(trx, user.id, identity, now)
    return (await findUserById(trx, user.id))!
  })
}

/**
 * One WeChat user per account, one account per WeChat user: the account's previous link (another WeChat
 * user) is dropped, and this openid's link moves here if it was elsewhere.
 */
async function linkIdentity(trx: Kysely<Schema>, userId: string, identity: WechatIdentity, now: string): Promise<void> {
  // Touch the account row first: the row lock makes concurrent links to one account (PostgreSQL runs them side
  // by side) take turns, so each sees the link the previous one made and moves it, rather than both inserting
  // into the one-link-per-account constraint. SQLite already serializes writers; the UPDATE is harmless there.
  await trx.updateTable('users').set({ updated_at: now }).where('id', '=', userId).execute()
  await trx.deleteFrom('wechat_identities')
    .where('user_id', '=', userId)
    .where('openid', '!=', identity.openid)
    .execute()
  await trx.insertInto('wechat_identities')
    .values({ openid: identity.openid, user_id: userId, unionid: identity.unionid ?? null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('openid').doUpdateSet((eb) => ({
      user_id: eb.ref('excluded.user_id'),
      // WeChat sends unionid only when the app is bound to an Open Platform account; keep one we already know.
      unionid: eb.fn.coalesce(eb.ref('excluded.unionid'), eb.ref('wechat_identities.unionid')),
      updated_at: eb.ref('excluded.updated_at'),
    })))
    .execute()
}

export async function findUserById(db: Kysely<Schema>, id: string): Promise<UserRecord | undefined> {
  return selectUser(db).where('users.id', '=', id).executeTakeFirst().then(withLinkFlag)
}

export async function findUserByOpenid(db: Kysely<Schema>, openid: string): Promise<UserRecord | undefined> {
  return selectUser(db).where('wechat_identities.openid', '=', openid).executeTakeFirst().then(withLinkFlag)
}

/**
 * Moves the signed-in account to another number. The unique constraint, not a prior lookup, decides
 * whether the number is free, so two accounts racing for one number cannot both get it.
 */
export async function changePhone(deps: AccountDeps, userId: string, phone: PhoneInfo): Promise<UserRecord> {
  const now = new Date(deps.clock.now()).toISOString()
  try {
    const result = await deps.db.updateTable('users')
      .set({ phone: phoneKey(phone), country_code: phone.countryCode, pure_phone: phone.purePhoneNumber, updated_at: now })
      .where('id', '=', userId)
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) throw accountGone()
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError('PHONE_TAKEN', 'This phone number already belongs to another account.')
    throw err
  }
  const user = await findUserById(deps.db, userId)
  if (!user) throw accountGone()
  return user
}

export function accountGone(): ApiError {
  return new ApiError('UNAUTHORIZED', 'This account no longer exists. Sign in again.')
}

function selectUser(db: Kysely<Schema>) {
  return db.selectFrom('users')
    .leftJoin('wechat_identities', 'wechat_identities.user_id', 'users.id')
    .selectAll('users')
    .select('wechat_identities.openid')
}

function withLinkFlag<T extends { openid: string | null }>(row: T | undefined): (Omit<T, 'openid'> & { wechatLinked: boolean }) | undefined {
  if (!row) return undefined
  const { openid, ...user } = row
  return { ...user, wechatLinked: openid !== null }
}
