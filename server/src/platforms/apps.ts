import { ApiError } from '../api-error'
import type { AppConfig, AppPrices } from './app-config'
import type { PlatformApp, PlatformName, UpstreamStats } from './platform'

/** One configured app: its client behind the seam and what its exchanges cost. */
export interface ConfiguredApp {
  client: PlatformApp
  platform: PlatformName
  appid: string
  prices: AppPrices
}

export interface Apps {
  readonly all: readonly ConfiguredApp[]
  /**
   * The app a request names (`"app"`: an appid), or without one the one WeChat app when exactly one is
   * configured. Anything else is 400 VALIDATION_FAILED. `platform`: the route serves only that platform's
   * apps (wx-login: weixin).
   */
  resolve(appid: string | undefined, platform?: PlatformName): ConfiguredApp
  /** Upstream calls of every app, for /metrics. */
  stats(): { platform: PlatformName; appid: string; stats: UpstreamStats }[]
}

/** The registry of configured apps, built once at start-up from the clients the platform factories made. */
export function createApps(configs: readonly AppConfig[], clients: readonly PlatformApp[]): Apps {
  const all = configs.map((config, i): ConfiguredApp => ({ client: clients[i]!, platform: config.platform, appid: config.appid, prices: config.prices }))
  const byAppid = new Map(all.map((app) => [app.appid, app]))
  const weixin = all.filter((app) => app.platform === 'weixin')
  return {
    all,
    resolve(appid, platform) {
      if (appid === undefined) {
        if (weixin.length === 1 && (platform === undefined || platform === 'weixin')) return weixin[0]!
        throw new ApiError('VALIDATION_FAILED', 'app: required (an appid) when this server has more than one app, or none on WeChat.')
      }
      const app = byAppid.get(appid)
      if (!app) throw new ApiError('VALIDATION_FAILED', 'app: not an app of this server.')
      if (platform !== undefined && app.platform !== platform) {
        throw new ApiError('VALIDATION_FAILED', `app: a ${app.platform} app; this route serves ${platform} apps only (use /api/auth/silent-login).`)
      }
      return app
    },
    stats: () => all.map((app) => ({ platform: app.platform, appid: app.appid, stats: app.client.stats() })),
  }
}
