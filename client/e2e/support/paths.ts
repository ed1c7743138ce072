import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ROOT_DIR = path.resolve(CLIENT_DIR, '..')
export const SERVER_DIR = path.join(ROOT_DIR, 'server')

/**
 * The e2e builds live apart from dist/build and dist/dev, so a developer's `pnpm dev` or
 * `pnpm build:*` and this suite never overwrite each other's output.
 */
export const E2E_OUT_DIR = path.join(CLIENT_DIR, 'dist/e2e')
/** `uni build -p mp-weixin` (production), as it would be uploaded. */
export const MP_WEIXIN_DIR = path.join(E2E_OUT_DIR, 'mp-weixin')
/** `uni build -p mp-toutiao` and `-p mp-alipay` (production), as they would be uploaded. */
export const MP_TOUTIAO_DIR = path.join(E2E_OUT_DIR, 'mp-toutiao')
export const MP_ALIPAY_DIR = path.join(E2E_OUT_DIR, 'mp-alipay')
/** `uni build --mode development` (H5 with 模拟授权). */
export const H5_DIR = path.join(E2E_OUT_DIR, 'h5')
/** `uni build` (production H5): no 模拟授权, so its login page says login needs the mini program. */
export const H5_PROD_DIR = path.join(E2E_OUT_DIR, 'h5-prod')

export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'docs/screenshots')
/**
 * The README screenshots are rewritten only when asked (`pnpm screenshots` sets this): a plain test run
 * leaves the tracked files alone.
 */
export const WRITE_SCREENSHOTS = process.env.WRITE_SCREENSHOTS === '1'
