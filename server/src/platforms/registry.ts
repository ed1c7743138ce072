import type { AppConfig } from './app-config'
import type { PlatformApp, PlatformDeps, PlatformName } from './platform'
import { createAlipayApp } from './alipay'
import { createDouyinApp } from './douyin'
import { createWeixinApp } from './weixin/weixin-app'

type ConfigOf<P extends PlatformName> = Extract<AppConfig, { platform: P }>
export type PlatformFactory<P extends PlatformName> = (config: ConfigOf<P>, deps: PlatformDeps) => PlatformApp

/**
 * Platform → the factory that builds one of its apps: a new platform is a folder under platforms/ and one line
 * here. `undefined`: this build has no client for it yet (an app of it in APPS_FILE is a start-up error).
 */
export const PLATFORM_FACTORIES: { [P in PlatformName]: PlatformFactory<P> | undefined } = {
  weixin: createWeixinApp,
  douyin: (config, deps) => createDouyinApp(config, {
    // DOUYIN_API_BASE, or in dev mode the BFF's own mock.
    apiBase: config.apiBase ?? deps.devApiBase,
    timeoutMs: deps.timeoutMs,
    clock: deps.clock,
    logger: deps.logger,
    tokenStore: deps.tokenStore,
  }),
  alipay: (config, deps) => createAlipayApp(config, {
    // Dev mode's app calls the BFF's own mock gateway; every other app ALIPAY_GATEWAY.
    gateway: deps.devApiBase ?? config.gateway,
    timeoutMs: deps.timeoutMs,
    clock: deps.clock,
    logger: deps.logger,
  }),
}

export function createPlatformApp(config: AppConfig, deps: PlatformDeps): PlatformApp {
  const factory = PLATFORM_FACTORIES[config.platform] as PlatformFactory<typeof config.platform> | undefined
  if (!factory) throw new Error(`${config.platform} apps (${config.appid}) are not supported by this build`)
  return factory(config as never, deps)
}
