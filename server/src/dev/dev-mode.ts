import { Hono } from 'hono'
import type { Clock } from '../clock'
import { DEV_WECHAT_API_PATH } from '../config'
import type { AppEnv } from '../http/app-env'
import { createMockWechat, type MockWechat } from '../platforms/weixin/mock'
import { devRoutes } from './dev-routes'


export interface DevMode {
  mock: MockWechat
  /** Mounted at the root: the mock WeChat API and the /__dev/wechat/* minting routes. */
  routes: Hono<AppEnv>
}

/**
 * Dev mode only, and loaded only then (server.ts imports this module on demand): a production process never
 * has the mock WeChat or the minting routes in memory.
 */
export function createDevMode(opts: { appid: string; secret: string; clock: Clock }): DevMode {
  const mock = createMockWechat(opts)
  const routes = new Hono<AppEnv>()
  routes.route(DEV_WECHAT_API_PATH, mock.app)
  routes.route('/__dev/wechat', devRoutes(mock))
  return { mock, routes }
}
