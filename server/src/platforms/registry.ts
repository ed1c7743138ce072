import type { AppConfig } from './app-config'
import type { PlatformApp, PlatformDeps, PlatformName } from './platform'
import { createWeixinApp } from './weixin/weixin-app'

type ConfigOf<P extends PlatformName> = Extract<AppConfig, { platform: P }>
export type PlatformFactory<P extends PlatformName> = (config: ConfigOf<P>, deps: PlatformDeps) => PlatformApp

/**
 * Platform → the factory that builds one of its apps: a new platform is a folder under platforms/ and one line
 * here. `undefined`: this build has no client for it yet (an app of it in APPS_FILE is a start-up error).
 */
export const PLATFORM_FACTORIES: { [P in PlatformName]: PlatformFactory<P> | undefined } = {
  weixin: createWeixinApp,
  // platforms/douyin/: createDouyinApp (issue 18)
  douyin: undefined,
  // platforms/alipay/: createAlipayApp (issue 18)
  alipay: undefined,
}

export function createPlatformApp(config: AppConfig, deps: PlatformDeps): PlatformApp {
  const factory = PLATFORM_FACTORIES[config.platform] as PlatformFactory<typeof config.platform> | undefined
  if (!factory) throw new Error(`${config.platform} apps (${config.appid}) are not supported by this build`)
  return factory(config as never, deps)
}
