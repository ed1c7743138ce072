import path from 'node:path'
import uniModule from '@dcloudio/vite-plugin-uni'
import { defineConfig, loadEnv } from 'vite'
import { allowNestedDependencies } from './build/allowNestedDependencies'
import { buildAppId } from './build/appId'
import { apiBaseProblem } from './build/apiBaseGuard'
import { mpProjectConfig } from './build/mpProjectConfig'
import { stripDevOnlyBlocks } from './build/stripDevOnlyBlocks'

// The package is CommonJS with `exports.default`; from an ESM config the default import is the whole module.
const uni = (uniModule as unknown as { default?: typeof uniModule }).default ?? uniModule

/** The manifest section and appid variable of the mini-program target being built (WeChat's for H5). */
function projectTarget(platform: string | undefined, env: Record<string, string>): { section: string; appid: string | undefined } {
  if (platform === 'mp-toutiao') return { section: platform, appid: env.DOUYIN_APPID }
  if (platform === 'mp-alipay') return { section: platform, appid: env.ALIPAY_APPID }
  return { section: 'mp-weixin', appid: env.WECHAT_APPID }
}

// `uni` (dev:*) runs in mode "development"; `uni build` in "production".
// Dev-only code (模拟授权 and the /__dev/ routes) exists only in development mode.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '')
  const devMint = mode === 'development'
  const problem = apiBaseProblem({ mode, platform: process.env.UNI_PLATFORM, apiBase: env.VITE_API_BASE })
  if (problem) {
    // One line, not a stack trace: this is a configuration mistake, not a bug.
    console.error(`build stopped: ${problem}`)
    process.exit(1)
  }
  return {
    plugins: [
      // Both must see the .vue and manifest.json sources before uni's own plugins do.
      stripDevOnlyBlocks({ keep: devMint }),
      mpProjectConfig({ ...projectTarget(process.env.UNI_PLATFORM, env), urlCheck: mode === 'production' }),
      uni(),
      allowNestedDependencies(),
    ],
    define: {
      __DEV_MINT__: JSON.stringify(devMint),
      __APP_ID__: JSON.stringify(buildAppId({
        platform: process.env.UNI_PLATFORM,
        customScript: process.env.UNI_CUSTOM_SCRIPT,
        env,
        srcDir: path.resolve(process.cwd(), 'src'),
      })),
    },
  }
})
