import { type Clock, systemClock } from '../../clock'
import type { Logger } from '../../logger'
import { createAccessTokens } from './access-token'
import { createCode2Session } from './code2session'
import { createMemoryTokenStore } from '../memory-token-store'
import { createPhoneNumber } from './phone-number'
import { createUpstreamStats } from './stats'
import type { TokenStore } from '../token-store'
import type { WechatClient } from './types'
import { createWechatHttp } from './wechat-http'

export interface WechatClientOptions {
  appid: string
  secret: string
  /** Base URL for every endpoint: `https://api.weixin.qq.com`, a proxy, or the mock. */
  apiBase: string
  /** Per upstream call. */
  timeoutMs?: number
  clock?: Clock
  logger?: Logger
  /** Where the access token and its refresh lock live; in-process by default (pass a shared one for several instances). */
  tokenStore?: TokenStore
}

/** The BFF's WeChat client. Makes no call until asked (so it starts while WeChat is down). */
export function createWechatClient(opts: WechatClientOptions): WechatClient {
  const clock = opts.clock ?? systemClock
  const timeoutMs = opts.timeoutMs ?? 5000
  const http = createWechatHttp({ apiBase: opts.apiBase, timeoutMs })
  const stats = createUpstreamStats(opts.logger)
  const tokens = createAccessTokens({
    appid: opts.appid,
    secret: opts.secret,
    http,
    store: opts.tokenStore ?? createMemoryTokenStore(clock),
    clock,
    stats,
    timeoutMs,
  })
  return {
    code2Session: createCode2Session({ appid: opts.appid, secret: opts.secret, http, stats, clock, timeoutMs }),
    getPhoneNumber: createPhoneNumber({ appid: opts.appid, http, tokens, stats, clock, timeoutMs }),
    stats: stats.snapshot,
  }
}
