import { generateKeyPairSync, randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import type { Clock } from '../../../clock'
import type { AppEnv } from '../../../http/app-env'
import type { DouyinAppConfig } from '../douyin-app'
import { devMintRoutes } from '../../mock-support/dev-mint-routes'
import { createMockDouyin, type MockDouyin } from './mock-douyin'

/** Where dev mode serves the mock Douyin API on the BFF itself (DOUYIN_API_BASE = the BFF's URL + this). */
export const DEV_DOUYIN_API_PATH = '/__dev/douyin-api'
export const DEV_DOUYIN_APPID = 'ttdev000000000001'

export interface DevDouyin {
  mock: MockDouyin
  /** The dev app's configuration: its key pair made now, its public half given to the mock as the 应用公钥. */
  config: DouyinAppConfig
  /** Mount at DEV_DOUYIN_API_PATH: the mock's three endpoints. */
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
