import type { Plugin } from 'vite'

// uni loads manifest.json as the module "<src>/manifest-json-js"; its mp plugin writes
// project.config.json from the code it receives, so changing the code here is enough.
const MANIFEST_MODULE = 'manifest-json-js'

/**
 * Sets what the DevTools project file says about this build, in manifest.json's section for the target
 * (`mp-weixin`, `mp-toutiao`, `mp-alipay`): `appid` from WECHAT_APPID / DOUYIN_APPID / ALIPAY_APPID (the
 * same public appid the BFF uses; unset: the manifest's), and for WeChat and Douyin `setting.urlCheck`: on
 * for production (only request domains listed in the console), off for development builds, which call the
 * local BFF over http.
 */
export function mpProjectConfig({ section = 'mp-weixin', appid, urlCheck }: { section?: string; appid: string | undefined; urlCheck: boolean }): Plugin {
  return {
    name: 'wx-phone-login:mp-project-config',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith(MANIFEST_MODULE)) return
      if (section === 'mp-weixin' && appid && !/^wx[0-9a-f]{16}$/.test(appid)) throw new Error(`WECHAT_APPID "${appid}" is not a mini-program appid (wx + 16 hex digits)`)
      let manifest: Record<string, (Record<string, unknown> & { setting?: Record<string, unknown> }) | undefined>
      try {
        manifest = JSON.parse(code) as typeof manifest
      } catch {
        throw new Error(`cannot configure ${section}: src/manifest.json must stay plain JSON (no comments)`)
      }
      const mp = manifest[section] ?? {}
      manifest[section] = { ...mp, ...(appid ? { appid } : {}), ...(section === 'mp-alipay' ? {} : { setting: { ...mp.setting, urlCheck } }) }
      return { code: JSON.stringify(manifest, null, 2), map: null }
    },
  }
}
