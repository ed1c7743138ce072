import type { Plugin } from 'vite'

// uni loads manifest.json as the module "<src>/manifest-json-js"; its mp plugin writes
// project.config.json from the code it receives, so changing the code here is enough.
const MANIFEST_MODULE = 'manifest-json-js'

/**
 * Sets what project.config.json says about this build, in manifest.json's mp-weixin section:
 * `appid` from WECHAT_APPID (the same public appid the BFF uses; unset: the manifest's touristappid),
 * and `setting.urlCheck`: on for production (only request domains listed in the MP console), off for
 * development builds, which call the local BFF over http.
 */
export function mpProjectConfig({ appid, urlCheck }: { appid: string | undefined; urlCheck: boolean }): Plugin {
  return {
    name: 'wx-phone-login:mp-project-config',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith(MANIFEST_MODULE)) return
      if (appid && !/^wx[0-9a-f]{16}$/.test(appid)) throw new Error(`WECHAT_APPID "${appid}" is not a mini-program appid (wx + 16 hex digits)`)
      let manifest: { 'mp-weixin'?: Record<string, unknown> & { setting?: Record<string, unknown> } }
      try {
        manifest = JSON.parse(code) as typeof manifest
      } catch {
        throw new Error('cannot configure mp-weixin: src/manifest.json must stay plain JSON (no comments)')
      }
      const mp = manifest['mp-weixin'] ?? {}
      manifest['mp-weixin'] = { ...mp, ...(appid ? { appid } : {}), setting: { ...mp.setting, urlCheck } }
      return { code: JSON.stringify(manifest, null, 2), map: null }
    },
  }
}
