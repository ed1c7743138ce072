import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMockAlipay, type MockAlipay } from '../../src/platforms/alipay/mock'
import { createMockDouyin, type MockDouyin } from '../../src/platforms/douyin/mock'
import { type RunningMock, serveMock } from '../../src/platforms/mock-support/serve-mock'
import { tempDir } from './bff'

export const DOUYIN_APPID = 'tt0bff0test0douyin1'
export const ALIPAY_APPID = '2021000000bfftest'

/**
 * Douyin and Alipay on real ports, and the APPS_FILE (plus its environment) that points a test BFF at them:
 * every key made here, the private ones passed as "$NAME" references, as an operator would.
 */
export async function startPlatformMocks(opts: { douyinKeyMismatch?: boolean } = {}) {
  const douyinKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const strangerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipayAppKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const aesKey = randomBytes(16).toString('base64')
  const douyinSecret = randomBytes(16).toString('hex')
  const douyin: RunningMock<MockDouyin> = await serveMock(createMockDouyin({
    apps: [{ appid: DOUYIN_APPID, secret: douyinSecret, publicKey: douyinKeys.publicKey }],
  }))
  const alipay: RunningMock<MockAlipay> = await serveMock(createMockAlipay({
    apps: [{ appid: ALIPAY_APPID, appPublicKey: alipayAppKeys.publicKey, aesKey }],
  }))
  const dir = tempDir('apps-file-')
  const appsFile = join(dir.path, 'apps.json')
  writeFileSync(appsFile, JSON.stringify({
    apps: [
      { platform: 'douyin', appid: DOUYIN_APPID, secret: '$DOUYIN_SECRET', privateKey: '$DOUYIN_PRIVATE_KEY' },
      { platform: 'alipay', appid: ALIPAY_APPID, privateKey: '$ALIPAY_PRIVATE_KEY', alipayPublicKey: '$ALIPAY_PUBLIC_KEY', aesKey: '$ALIPAY_AES_KEY' },
    ],
  }))
  const pem = (key: typeof douyinKeys.privateKey) => key.export({ type: 'pkcs8', format: 'pem' }).toString()
  return {
    douyin: douyin.mock,
    alipay: alipay.mock,
    env: {
      APPS_FILE: appsFile,
      DOUYIN_API_BASE: douyin.url,
      ALIPAY_GATEWAY: `${alipay.url}/gateway.do`,
      DOUYIN_SECRET: douyinSecret,
      DOUYIN_PRIVATE_KEY: pem(opts.douyinKeyMismatch ? strangerKeys.privateKey : douyinKeys.privateKey),
      ALIPAY_PRIVATE_KEY: pem(alipayAppKeys.privateKey),
      ALIPAY_PUBLIC_KEY: alipay.mock.alipayPublicKey,
      ALIPAY_AES_KEY: aesKey,
    },
    async close() {
      await douyin.close()
      await alipay.close()
      dir.remove()
    },
  }
}
