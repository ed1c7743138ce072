import { generateKeyPairSync } from 'node:crypto'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../src/clock'
import { createDouyinApp } from '../../src/platforms/douyin'
import { createMockDouyin, type MockDouyin } from '../../src/platforms/douyin/mock'
import { type RunningMock, serveMock } from '../../src/platforms/mock-support/serve-mock'
import { closeRedis, createRedisClient, waitUntilReady } from '../../src/redis/redis-client'
import { createRedisTokenStore } from '../../src/redis/redis-token-store'
import { announceSkipWithoutRedis, deleteKeys, memoryLog, TEST_REDIS_URL, uniqueKeyPrefix } from './redis-test-env'

const APPID = 'tt0redis0test00001'
const SECRET = 'douyin-redis-secret'

announceSkipWithoutRedis('Douyin client token in Redis')

describe.skipIf(!TEST_REDIS_URL)('Douyin client token shared through Redis', () => {
  const url = TEST_REDIS_URL as string
  const keyPrefix = uniqueKeyPrefix()
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const connections: Redis[] = []
  let douyin: RunningMock<MockDouyin>

  beforeAll(async () => {
    douyin = await serveMock(createMockDouyin({ apps: [{ appid: APPID, secret: SECRET, publicKey: keys.publicKey }] }))
  })
  afterAll(async () => {
    await Promise.all(connections.map((redis) => closeRedis(redis)))
    await douyin?.close()
    await deleteKeys(url, keyPrefix)
  })

  /** One BFF instance's Douyin app: its own Redis connection, the same Redis keys as the others. */
  async function instance() {
    const redis = createRedisClient(url, memoryLog())
    connections.push(redis)
    expect(await waitUntilReady(redis, 3000)).toBe(true)
    return createDouyinApp(
      { appid: APPID, secret: SECRET, privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      {
        apiBase: douyin.url, timeoutMs: 2000, clock: systemClock,
        tokenStore: createRedisTokenStore({ redis, platform: 'douyin', appid: APPID, keyPrefix, clock: systemClock }),
      },
    )
  }

  it('is fetched once by three instances asking at the same moment, and used by all', async () => {
    const apps = await Promise.all([instance(), instance(), instance()])
    const phones = ['13800138101', '13800138102', '13800138103']
    const answers = await Promise.all(apps.map((app, i) => app.phoneNumber({ kind: 'code', code: douyin.mock.mintPhoneCode(phones[i]!) }, {})))
    expect(answers.map((a) => a.purePhoneNumber)).toEqual(phones)
    expect(douyin.mock.calls().token).toBe(1)
  })
})
