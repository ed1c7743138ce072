import { generateKeyPairSync, randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import type { Clock } from '../../../clock'
import { DEV_DOUYIN_APPID } from '../../../config'
import type { AppEnv } from '../../../http/app-env'
import type { DouyinAppConfig } from '../douyin-app'
import { devMintRoutes } from '../../mock-support/dev-mint-routes'
import { createMockDouyin, type MockDouyin } from './mock-douyin'


export interface DevDouyin {
  mock: MockDouyin
  /** The dev app's configuration: its key pair made now, its public half given to the mock as the 应用公钥. */
  config: DouyinAppConfig
  /** Mount at DEV_DOUYIN_API_PATH (config.ts): the mock's three endpoints. */
  api: Hono
  /** Mount at `/__dev/douyin`: the minting routes (login-code, phone-code). */
  mint: Hono<AppEnv>
}

/** Dev mode's Douyin: one dev app, its keys, the mock and the minting routes. Loaded only by dev mode and tests. */
export function createDevDouyin(opts: { clock: Clock; appid?: string }): DevDouyin {
  const appid = opts.appid ?? DEV_DOUYIN_APPID
  const secret = randomBytes(20).toString('hex')
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const mock = createMockDouyin({ apps: [{ appid, secret, publicKey }], clock: opts.clock })
  return {
    mock,
    config: { appid, secret, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    api: mock.app,
    mint: devMintRoutes({
      loginCode: (openid) => mock.mintLoginCode(openid),
      phone: (phone) => ({ code: mock.mintPhoneCode(phone) }),
    }),
  }
}
