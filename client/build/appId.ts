import { readFileSync } from 'node:fs'
import path from 'node:path'

/** manifest.json's section, and the build-time variable that overrides its appid, per mini-program target. */
const TARGETS = {
  'mp-weixin': { section: 'mp-weixin', env: 'WECHAT_APPID' },
  'mp-toutiao': { section: 'mp-toutiao', env: 'DOUYIN_APPID' },
  'mp-alipay': { section: 'mp-alipay', env: 'ALIPAY_APPID' },
} as const

/** H5 builds act as WeChat, or as the platform an H5 preview script renders (package.json "uni-app".scripts). */
const H5_PREVIEWS: Record<string, keyof typeof TARGETS> = { 'h5-douyin': 'mp-toutiao', 'h5-alipay': 'mp-alipay' }

/** Placeholders that name no app: the BFF is then asked for its one WeChat app. */
const NO_APP = new Set(['', 'touristappid'])

/**
 * The appid this build sends with every login (contract: "Which app"): the build-time variable for its
 * platform if set, else manifest.json's `<platform>.appid`; '' when that is a placeholder. It is public
 * (it is in the package's project config anyway); the secrets beside it never reach the client.
 */
export function buildAppId({ platform, customScript, env, srcDir }: {
  platform: string | undefined
  customScript: string | undefined
  env: Record<string, string | undefined>
  srcDir: string
}): string {
  const target = TARGETS[platform as keyof typeof TARGETS] ? platform as keyof typeof TARGETS : H5_PREVIEWS[customScript ?? ''] ?? 'mp-weixin'
  const { section, env: variable } = TARGETS[target]
  const manifest = JSON.parse(readFileSync(path.join(srcDir, 'manifest.json'), 'utf8')) as Record<string, { appid?: unknown } | undefined>
  const fromManifest = manifest[section]?.appid
  const appid = (env[variable] ?? (typeof fromManifest === 'string' ? fromManifest : '')).trim()
  return NO_APP.has(appid) ? '' : appid
}
