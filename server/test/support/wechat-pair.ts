import { fakeClock } from './fake-clock'
import { startMockWechat, type RunningMockWechat } from '../../src/platforms/weixin/mock'
import { createWechatClient, type WechatClientOptions } from '../../src/platforms/weixin/wechat-client'

export const APPID = 'wx0123456789abcdef'
export const SECRET = 's'.repeat(32)

/** A mock WeChat on a real port and a client pointed at it, sharing one fake clock. */
export async function startWechatPair(overrides: Partial<WechatClientOptions> = {}) {
  const clock = fakeClock()
  const wechat: RunningMockWechat = await startMockWechat({ appid: APPID, secret: SECRET, clock })
  const client = createWechatClient({ appid: APPID, secret: SECRET, apiBase: wechat.url, clock, ...overrides })
  return { clock, wechat, mock: wechat.mock, client }
}
