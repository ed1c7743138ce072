import { Hono } from 'hono'
import type { Clock } from '../clock'
import { DEV_ALIPAY_API_PATH, DEV_DOUYIN_API_PATH, DEV_WECHAT_API_PATH } from '../config'
import type { AppEnv } from '../http/app-env'
import type { AppConfig } from '../platforms/app-config'
import { createDevAlipay, type MockAlipay } from '../platforms/alipay/mock'
import { createDevDouyin, type MockDouyin } from '../platforms/douyin/mock'
import { createMockWechat, type MockWechat } from '../platforms/weixin/mock'
import { devRoutes } from './dev-routes'


export interface DevMode {
  mock: MockWechat
  douyin: MockDouyin
  alipay: MockAlipay
  /** Dev mode's Douyin and Alipay apps, their keys made now (the WeChat dev app comes from config.ts). */
  apps: AppConfig[]
  /** Mounted at the root: each platform's mock API and its /__dev/<platform>/* minting routes. */
  routes: Hono<AppEnv>
  /** Answer every request a mock's 'timeout' fault is holding (so the server can close). */
  releaseHung(): void
}

/**
 * Dev mode only, and loaded only then (server.ts imports this module on demand): a production process never
 * has the mocks or the minting routes in memory.
 */
export function createDevMode(opts: { appid: string; secret: string; clock: Clock }): DevMode {
  const mock = createMockWechat(opts)
  const douyin = createDevDouyin({ clock: opts.clock })
  const alipay = createDevAlipay({ clock: opts.clock })
  const routes = new Hono<AppEnv>()
  routes.route(DEV_WECHAT_API_PATH, mock.app)
  routes.route('/__dev/wechat', devRoutes(mock))
  routes.route(DEV_DOUYIN_API_PATH, douyin.api)
  routes.route('/__dev/douyin', douyin.mint)
  routes.route(DEV_ALIPAY_API_PATH, alipay.api)
  routes.route('/__dev/alipay', alipay.mint)
  // Free, as on the platforms (no PHONE_PRICE_FEN: that is WeChat's).
  const prices = { quickFen: 0, realtimeFen: 0 }
  return {
    mock,
    douyin: douyin.mock,
    alipay: alipay.mock,
    apps: [
      { platform: 'douyin', ...douyin.config, apiBase: undefined, prices },
      { platform: 'alipay', ...alipay.config, gateway: '', prices },
    ],
    routes,
    releaseHung() {
      mock.releaseHung()
      douyin.mock.releaseHung()
      alipay.mock.releaseHung()
    },
  }
}
