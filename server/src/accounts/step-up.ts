import { ApiError } from '../api-error'
import { type Queries, sql } from '../db/statement'
import type { ConfiguredApp } from '../platforms/apps'
import type { CallContext } from '../platforms/platform'

const LINKED_USER = sql(`select "user_key" from "identities" where "user_id" = ? and "platform" = ? and "app" = ?`)

/**
 * The step-up before changing the number, or deleting an account that has none: a fresh login code of the
 * user linked to the account on this app. An access token alone (15 minutes, perhaps stolen) is not enough to
 * take the account for good. Identifying is free, so this runs before any paid call.
 */
export async function proveLinkedUser(app: ConfiguredApp, q: Queries, ctx: CallContext, userId: string, loginCode: string | undefined): Promise<void> {
  if (loginCode === undefined) throw reauthRequired('This action needs a fresh loginCode (uni.login) of the user linked to the account on this app.')
  const linked = await q.get<{ user_key: string }>(LINKED_USER, [userId, app.platform, app.appid])
  if (!linked) throw reauthRequired('This account has no linked user on this app: sign in with the phone number and a loginCode first, to link one.')
  const identity = await app.client.identify(loginCode, ctx)
  if (identity.userId !== linked.user_key) throw reauthRequired('This loginCode belongs to another user than the one linked to the account on this app.')
}

export function reauthRequired(message: string): ApiError {
  return new ApiError('REAUTH_REQUIRED', message)
}
