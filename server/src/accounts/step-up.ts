import { ApiError } from '../api-error'
import { type Queries, sql } from '../db/statement'
import type { CallContext, WechatClient } from '../wechat/types'

const LINKED_OPENID = sql(`select "openid" from "wechat_identities" where "user_id" = ?`)

/**
 * The step-up before changing the number, or deleting an account that has none: a fresh login code of the
 * WeChat user linked to the account. An access token alone (15 minutes, perhaps stolen) is not enough to take
 * the account for good. code2Session is free, so this runs before any paid call.
 */
export async function proveLinkedUser(wechat: WechatClient, q: Queries, ctx: CallContext, userId: string, loginCode: string | undefined): Promise<void> {
  if (loginCode === undefined) throw reauthRequired('This action needs a fresh loginCode (uni.login) of the WeChat user linked to the account.')
  const linked = await q.get<{ openid: string }>(LINKED_OPENID, [userId])
  if (!linked) throw reauthRequired('This account has no linked WeChat user: sign in with the phone number and a loginCode first, to link one.')
  const identity = await wechat.code2Session(loginCode, ctx)
  if (identity.openid !== linked.openid) throw reauthRequired('This loginCode belongs to another WeChat user than the one linked to the account.')
}

export function reauthRequired(message: string): ApiError {
  return new ApiError('REAUTH_REQUIRED', message)
}
