import type { Database } from './database'
import { sql } from './statement'

// Rows written before apps existed belong to the one WeChat app of that time. Each statement is idempotent
// (only '' rows change), so instances starting at once may all run it.
const ADOPT = [
  // An account that meanwhile linked a user of that app keeps that one.
  sql(`update "identities" set "app" = ? where "platform" = 'weixin' and "app" = '' and not exists
    (select 1 from "identities" "i" where "i"."user_id" = "identities"."user_id" and "i"."platform" = 'weixin' and "i"."app" = ?)`),
  sql(`update "sessions" set "app" = ? where "app_platform" = 'weixin' and "app" = ''`),
  sql(`update "users" set "created_app" = ? where "created_platform" = 'weixin' and "created_app" = ''`),
  sql(`update "phone_exchanges" set "app" = ? where "platform" = 'weixin' and "app" = ''`),
]

/**
 * Gives the links, sessions, accounts and ledger rows carried over by migration 0005 the appid of the WeChat
 * app they were made with (WECHAT_APPID, or the only WeChat app configured). Returns the rows adopted.
 */
export async function adoptLegacyRows(database: Database, appid: string): Promise<number> {
  return database.transaction(async (tx) => {
    let adopted = 0
    for (const statement of ADOPT) adopted += await tx.run(statement, statement.text.split('?').slice(1).map(() => appid))
    return adopted
  })
}
