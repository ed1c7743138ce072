import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startDevBff } from './support/bff'
import { treeState } from './support/gitStatus'
import { E2E_OUT_DIR, H5_DIR, H5_PROD_DIR, MP_ALIPAY_DIR, MP_TOUTIAO_DIR, MP_WEIXIN_DIR, WRITE_SCREENSHOTS } from './support/paths'
import { uniBuild } from './support/uniBuild'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real BFF in dev mode (mock WeChat), started for this run; both builds call it. */
    bffUrl: string
    /**
     * The https VITE_API_BASE the production mp-weixin build was made with (the build refuses anything
     * else); the tests' wx.request sends it to the local BFF, as a device's DNS would send it to yours.
     */
    mpApiBase: string
    /** The appid the mp-weixin build was made with. */
    wechatAppid: string
    /** The appids the mp-toutiao and mp-alipay builds were made with. */
    douyinAppid: string
    alipayAppid: string
    /** Values that were in the build's environment and must not reach its output. */
    buildSecrets: { WECHAT_SECRET: string; AUTH_SIGNING_KEYS: string }
  }
}

/**
 * The dev BFF's own WeChat app (server/src/config.ts DEV_WECHAT_APPID): every login names its app, and the
 * BFF refuses one it does not serve. A well-formed appid (wx + 16 characters) for project.config.json too.
 */
const WECHAT_APPID = 'wxdec0de0000000001'
/** Made-up but well-formed: Douyin's tt + 16 hex digits, Alipay's 16 digits. */
const DOUYIN_APPID = 'tte2e0c0ffee123456'
const ALIPAY_APPID = '2021000000e2e001'
/** `.test` is reserved (RFC 2606): this name can never reach a real server. */
const MP_API_BASE = 'https://api.wx-phone-login.test'

/** Starts the BFF, then builds what the suites test, once: the production mini programs and the H5 dev build. */
export default async function setup(project: TestProject) {
  // A test run must leave the working tree as it found it (only `pnpm screenshots` rewrites tracked files).
  const treeBefore = treeState()
  const bff = await startDevBff()
  try {
    // A developer's shell (or .env) may well hold the server's secrets while they build the client.
    const buildSecrets = {
      WECHAT_SECRET: randomBytes(16).toString('hex'),
      AUTH_SIGNING_KEYS: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    }
    const mpMs = await uniBuild({
      platform: 'mp-weixin',
      outDir: MP_WEIXIN_DIR,
      env: { VITE_API_BASE: MP_API_BASE, WECHAT_APPID, ...buildSecrets },
    })
    // The same production build for Douyin and Alipay, with their appids and the same secrets around.
    const ttMs = await uniBuild({ platform: 'mp-toutiao', outDir: MP_TOUTIAO_DIR, env: { VITE_API_BASE: MP_API_BASE, DOUYIN_APPID, ...buildSecrets } })
    const myMs = await uniBuild({ platform: 'mp-alipay', outDir: MP_ALIPAY_DIR, env: { VITE_API_BASE: MP_API_BASE, ALIPAY_APPID, ...buildSecrets } })
    // H5 dev build: the one with 模拟授权, as `pnpm dev:h5` serves it, but built once instead of watched.
    const h5Ms = await uniBuild({ mode: 'development', outDir: H5_DIR, env: { VITE_API_BASE: bff.url } })
    // Production H5, as a team would deploy it before a browser login exists: it must say so, not fail silently.
    const h5ProdMs = await uniBuild({ outDir: H5_PROD_DIR, env: { VITE_API_BASE: bff.url } })
    // client/package.json says "type": "module", but the mini program is CommonJS, as WeChat runs it:
    // this marks the e2e output (outside the build itself) so Node requires it the same way.
    mkdirSync(E2E_OUT_DIR, { recursive: true })
    writeFileSync(path.join(E2E_OUT_DIR, 'package.json'), '{ "type": "commonjs" }\n')
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
    console.log(`e2e builds: mp-weixin ${seconds(mpMs)}, mp-toutiao ${seconds(ttMs)}, mp-alipay ${seconds(myMs)}, h5 ${seconds(h5Ms)}, h5 production ${seconds(h5ProdMs)}`)

    project.provide('bffUrl', bff.url)
    project.provide('mpApiBase', MP_API_BASE)
    project.provide('wechatAppid', WECHAT_APPID)
    project.provide('douyinAppid', DOUYIN_APPID)
    project.provide('alipayAppid', ALIPAY_APPID)
    project.provide('buildSecrets', buildSecrets)
  } catch (error) {
    await bff.stop()
    throw error
  }
  return async () => {
    await bff.stop()
    const treeAfter = treeState()
    if (!WRITE_SCREENSHOTS && treeAfter !== treeBefore) {
      throw new Error(`the test run changed the working tree (git status --porcelain):\nbefore:\n${treeBefore}\nafter:\n${treeAfter}`)
    }
  }
}
