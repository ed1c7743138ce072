import type { Clock } from './clock'
import type { Config } from './config'
import type { Database } from './db/database'
import type { RateLimit } from './http/rate-limit'
import type { Logger } from './logger'
import type { MockWechat } from './mock-wechat'
import type { WechatClient } from './wechat/types'

/** Everything the HTTP app works with, passed in explicitly (tests pass a fake clock, a temp database...). */
export interface AppDeps {
  config: Config
  clock: Clock
  database: Database
  wechat: WechatClient
  logger: Logger
  rateLimit: RateLimit
  /** Dev mode: the built-in mock WeChat, served under /__dev/wechat-api; /__dev/wechat/* mint its codes. */
  devWechat?: MockWechat
}
