import { type Queries, sql } from '../db/statement'
import type { AppUser } from './accounts'

/**
 * 二次放号: carriers re-issue a cancelled number to a stranger after about 90 days. A phone-login that proves a
 * number whose account is linked, on the caller's app, to another user than the caller, while that account has had no live
 * session for RECYCLED_AFTER_DAYS, does not get that account: the account gives up its number (keeping its
 * data and links, reachable by its own users' silent login) and the login creates a new one. Inside the window the
 * link moves as before (the same person on a new WeChat account). Accounts are never merged.
 *
 * A phone-login without a loginCode proves the number and nothing about the person: on a dormant linked
 * account it is treated as a stranger's (a new account), on a live one it signs in as it always did.
 */
export interface RecycledNumberRule {
  /** RECYCLED_AFTER_DAYS; 0: any account without a live session now. */
  recycledAfterDays: number
  /** REFRESH_TOKEN_TTL: a session is live for this long after its last activity. */
  refreshTokenTtl: number
}

/** What a number-less account holds in "phone": unique, at most 32 characters, never a phone key (those start with +). */
const NO_NUMBER_PREFIX = '~'

// The number's account if it is linked, and whether it had a live session inside the window: a session last
// active after `liveCutoff` was live within the window (REFRESH_TOKEN_TTL after its last activity), and so was
// one ended on purpose after `endedCutoff`.
// Only a link on the caller's app counts: users of other apps are other user ids by definition.
const LINKED_HOLDER = sql(`select "u"."id", "w"."user_key",
    (exists (select 1 from "sessions" "s" where "s"."user_id" = "u"."id" and "s"."last_active_at" > ?)
      or coalesce("u"."sessions_ended_at", '') > ?) as "recent"
  from "users" "u" join "identities" "w" on "w"."user_id" = "u"."id" and "w"."platform" = ? and "w"."app" = ?
  where "u"."phone" = ?`)
const GIVE_UP_NUMBER = sql(`update "users" set "phone" = ?, "country_code" = '', "pure_phone" = '', "phone_required" = 0,
  "updated_at" = ? where "id" = ?`)

/**
 * Run in the phone-login's transaction before the account is looked up by number: when the number's account
 * is a dormant account of another user, it gives up the number (so the login creates a new account) and its
 * id is returned; otherwise nothing changes.
 */
export async function releaseRecycledNumber(q: Queries, nowMs: number, key: string, caller: AppUser, rule: RecycledNumberRule): Promise<string | undefined> {
  const windowMs = rule.recycledAfterDays * 86_400_000
  const liveCutoff = new Date(nowMs - windowMs - rule.refreshTokenTtl * 1000).toISOString()
  const endedCutoff = new Date(nowMs - windowMs).toISOString()
  const holder = await q.get<{ id: string; user_key: string; recent: number | boolean }>(LINKED_HOLDER, [liveCutoff, endedCutoff, caller.platform, caller.app, key])
  if (!holder || holder.user_key === caller.identity?.userId) return undefined
  // SQLite answers 0/1, PostgreSQL a boolean.
  if (holder.recent === true || holder.recent === 1) return undefined
  await q.run(GIVE_UP_NUMBER, [noNumberKey(holder.id), new Date(nowMs).toISOString(), holder.id])
  return holder.id
}

/** Whether an account's "phone" column says it has no number. */
export function hasNoNumber(phoneColumn: string): boolean {
  return phoneColumn.startsWith(NO_NUMBER_PREFIX)
}

function noNumberKey(accountId: string): string {
  return `${NO_NUMBER_PREFIX}${accountId.replace(/-/g, '').slice(0, 31)}`
}
