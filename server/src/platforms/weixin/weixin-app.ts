import type { WeixinAppConfig } from '../app-config'
import type { PlatformApp, PlatformDeps } from '../platform'
import { createWechatClient } from './wechat-client'

/** One WeChat mini program behind the platform seam: jscode2session for identities, getuserphonenumber for numbers. */
export function createWeixinApp(config: WeixinAppConfig, deps: PlatformDeps): PlatformApp {
  const apiBase = config.apiBase ?? deps.devApiBase
  if (apiBase === undefined) throw new Error(`weixin app ${config.appid} has no API base`)
  const client = createWechatClient({
    appid: config.appid,
    secret: config.secret,
    apiBase,
    timeoutMs: deps.timeoutMs,
    clock: deps.clock,
    logger: deps.logger,
    tokenStore: deps.tokenStore,
  })
  return {
    platform: 'weixin',
    appid: config.appid,
    async identify(loginCode, ctx) {
      const { openid, unionid } = await client.code2Session(loginCode, ctx)
      return unionid === undefined ? { userId: openid } : { userId: openid, unionid }
    },
    async phoneNumber(proof, ctx) {
      // WeChat's phone proof is always a one-time code; a response (Alipay's shape) cannot come from its button.
      if (proof.kind !== 'code') throw new Error('a WeChat phone proof is a code')
      return client.getPhoneNumber(proof.code, ctx)
    },
    stats: client.stats,
  }
}
