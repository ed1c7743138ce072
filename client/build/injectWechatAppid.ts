import type { Plugin } from 'vite'

/**
 * Puts `WECHAT_APPID` (the same public appid the BFF uses) into manifest.json's mp-weixin section,
 * from which uni writes project.config.json. Unset: the manifest's own value (touristappid).
 */
export function injectWechatAppid(appid: string | undefined): Plugin {
  return {
    name: 'wx-phone-login:inject-wechat-appid',
    enforce: 'pre',
    transform(code, id) {
      if (!appid || !id.split('?')[0]!.endsWith('manifest.json')) return
      if (!/^wx[0-9a-f]{16}$/.test(appid)) throw new Error(`WECHAT_APPID "${appid}" is not a mini-program appid (wx + 16 hex digits)`)
      const manifest = JSON.parse(code) as { 'mp-weixin'?: Record<string, unknown> }
      manifest['mp-weixin'] = { ...manifest['mp-weixin'], appid }
      return { code: JSON.stringify(manifest, null, 2), map: null }
    },
  }
}
