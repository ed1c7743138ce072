import type { Plugin } from 'vite'

// uni loads manifest.json as the module "<src>/manifest-json-js"; its mp plugin writes
// project.config.json from the code it receives, so changing the code here is enough.
const MANIFEST_MODULE = 'manifest-json-js'

/**
 * Puts `WECHAT_APPID` (the same public appid the BFF uses) into manifest.json's mp-weixin section,
 * from which uni writes project.config.json. Unset: the manifest's own value (touristappid).
 */
export function injectWechatAppid(appid: string | undefined): Plugin {
  return {
    name: 'wx-phone-login:inject-wechat-appid',
    enforce: 'pre',
    transform(code, id) {
      if (!appid || !id.endsWith(MANIFEST_MODULE)) return
      if (!/^wx[0-9a-f]{16}$/.test(appid)) throw new Error(`WECHAT_APPID "${appid}" is not a mini-program appid (wx + 16 hex digits)`)
      let manifest: { 'mp-weixin'?: Record<string, unknown> }
      try {
        manifest = JSON.parse(code) as typeof manifest
      } catch {
        throw new Error('cannot set WECHAT_APPID: src/manifest.json must stay plain JSON (no comments)')
      }
      manifest['mp-weixin'] = { ...manifest['mp-weixin'], appid }
      return { code: JSON.stringify(manifest, null, 2), map: null }
    },
  }
}
