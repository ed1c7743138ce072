/** The mini-program platforms this client builds for, named as the BFF names them (contract: "Apps and platforms"). */
export type MiniProgramPlatform = 'weixin' | 'douyin' | 'alipay'

/**
 * The platform of this build, fixed at compile time. H5 builds are WeChat's flow (模拟授权 in dev), except
 * the H5 previews `uni -p h5-douyin` / `h5-alipay` (client/package.json "uni-app".scripts), which render
 * that platform's branch in a browser for screenshots and dev-mode walks.
 */
function buildPlatform(): MiniProgramPlatform {
  let platform: MiniProgramPlatform = 'weixin'
  // #ifdef MP-TOUTIAO || H5-DOUYIN
  platform = 'douyin'
  // #endif
  // #ifdef MP-ALIPAY || H5-ALIPAY
  platform = 'alipay'
  // #endif
  // WeChat last, so that code read without uni's preprocessing (the unit tests in Node) is WeChat's too.
  // #ifndef MP-TOUTIAO || MP-ALIPAY || H5-DOUYIN || H5-ALIPAY
  platform = 'weixin'
  // #endif
  return platform
}

export const PLATFORM: MiniProgramPlatform = buildPlatform()

/**
 * This build's appid (manifest.json's `<platform>.appid`, or WECHAT_APPID / DOUYIN_APPID / ALIPAY_APPID at
 * build time; see build/appId.ts), sent with every login so the BFF knows which app asks. Undefined when
 * the build has none (touristappid, an empty manifest field): the BFF then takes its one WeChat app.
 */
export const APP_ID: string | undefined = __APP_ID__ || undefined

/** uni.login's provider on this platform (tt.login on Douyin, my.getAuthCode on Alipay). */
export const LOGIN_PROVIDER = ({ weixin: 'weixin', douyin: 'toutiao', alipay: 'alipay' } as const)[PLATFORM]

/** What the BFF's `/__dev/<name>/*` minting routes call this platform (WeChat's predate the others). */
export const DEV_ROUTE_NAME = ({ weixin: 'wechat', douyin: 'douyin', alipay: 'alipay' } as const)[PLATFORM]
