import { Hono } from 'hono'
import { createMockWechat } from './mock-wechat'
import type { MockWechat, MockWechatOptions } from './mock-types'

export interface MockWechatHost {
  /** api.weixin.qq.com for several mini programs: each request goes to the app it names. */
  app: Hono
  /** Each app's own mock (its codes, users, tokens, faults and counts), by appid. */
  apps: Record<string, MockWechat>
}

/**
 * One WeChat API host for several apps, as the real one is: a request goes to the mock of the appid it carries
 * (query or body), or of the app that issued its access token; anything else to the first app, which answers
 * as WeChat would (40013, 40001). A person is a different openid in each app; the unionid is what they share.
 */
export function createMockWechatHost(apps: readonly { appid: string; secret: string }[], opts: Omit<MockWechatOptions, 'appid' | 'secret'> = {}): MockWechatHost {
  const mocks = Object.fromEntries(apps.map((app) => [app.appid, createMockWechat({ ...opts, ...app })]))
  const first = mocks[apps[0]!.appid]!
  const host = new Hono()
  host.all('*', async (c) => {
    let appid = c.req.query('appid')
    const token = c.req.query('access_token')
    if (appid === undefined && token !== undefined) appid = Object.entries(mocks).find(([, mock]) => mock.issuedToken(token))?.[0]
    if (appid === undefined && c.req.method === 'POST') {
      const body = await c.req.raw.clone().json().catch(() => undefined) as { appid?: unknown } | undefined
      if (typeof body?.appid === 'string') appid = body.appid
    }
    const mock = (appid !== undefined ? mocks[appid] : undefined) ?? first
    return mock.app.fetch(c.req.raw)
  })
  return { app: host, apps: mocks }
}
