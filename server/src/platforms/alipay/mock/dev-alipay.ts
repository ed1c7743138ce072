import { generateKeyPairSync, randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import type { Clock } from '../../../clock'
import { DEV_ALIPAY_APPID } from '../../../config'
import type { AppEnv } from '../../../http/app-env'
import type { AlipayAppConfig } from '../alipay-app'
import { devMintRoutes } from '../../mock-support/dev-mint-routes'
import { createMockAlipay, type MockAlipay } from './mock-alipay'


export interface DevAlipay {
  mock: MockAlipay
  /** The dev app's configuration: its RSA2 pair and AES key made now, Alipay's public key from the mock. */
  config: AlipayAppConfig
  /** Mount at DEV_ALIPAY_API_PATH (config.ts): it serves `/gateway.do` below it. */
  api: Hono
  /** Mount at `/__dev/alipay`: login-code → `{code}`, phone-code → `{phoneResponse}`. */
  mint: Hono<AppEnv>
}

/** Dev mode's Alipay: one dev app, its keys, the mock gateway and the minting routes. Loaded only by dev mode and tests. */
export function createDevAlipay(opts: { clock: Clock; appid?: string }): DevAlipay {
  const appid = opts.appid ?? DEV_ALIPAY_APPID
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const aesKey = randomBytes(16).toString('base64')
  const mock = createMockAlipay({ apps: [{ appid, appPublicKey: publicKey, aesKey }], clock: opts.clock })
  return {
    mock,
    config: { appid, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), alipayPublicKey: mock.alipayPublicKey, aesKey },
    api: mock.app,
    mint: devMintRoutes({
      loginCode: (user) => mock.mintLoginCode(user),
      phone: (phone) => ({ phoneResponse: mock.mintPhoneResponse(phone) }),
    }),
  }
}
