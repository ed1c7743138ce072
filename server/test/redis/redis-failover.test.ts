import { freePort } from '../../testing/free-port'
import type { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { fakeClock } from '../support/fake-clock'
import { startMockWechat, type RunningMockWechat } from '../../src/platforms/weixin/mock'
import { closeRedis, createRedisClient } from '../../src/redis/redis-client'
import { createRedisTokenStore } from '../../src/redis/redis-token-store'
import { createResilientTokenStore } from '../../src/redis/resilient-token-store'
import { createWechatClient } from '../../src/platforms/weixin'
import { createMemoryTokenStore } from '../../src/platforms/memory-token-store'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { announceSkipWithoutRedis, deleteKeys, eventually, memoryLog, TEST_REDIS_URL, uniqueKeyPrefix } from './redis-test-env'

const APPID = 'wx0123456789redis1'
const SECRET = 'redis-test-secret-0123456789abcdef'
const UNAVAILABLE = /^redis unavailable, serving the WeChat access token from the in-process cache$/
const AGAIN = /^redis available again/

announceSkipWithoutRedis('Redis failover')

describe.skipIf(!TEST_REDIS_URL)('Redis down: the BFF keeps serving from its in-process cache, and recovers', () => {
  const url = new URL(TEST_REDIS_URL ?? 'redis://unset') // read only when not skipped
  const keyPrefix = uniqueKeyPrefix()
  const clock = fakeClock()
  const connections: Redis[] = []
  let wechat: RunningMockWechat
  let proxy: TcpProxy | undefined

  /** One BFF instance's token side: its own Redis connection, Redis store, memory fallback and log. */
  function instance(redisUrl: string, prefix: string) {
    const log = memoryLog()
    const redis = createRedisClient(redisUrl, log)
    connections.push(redis)
    const tokenStore = createResilientTokenStore({
      shared: createRedisTokenStore({ redis, appid: APPID, keyPrefix: prefix, clock }),
      local: createMemoryTokenStore(clock),
      logger: log,
      retryAfterMs: 100,
    })
    const client = createWechatClient({ appid: APPID, secret: SECRET, apiBase: wechat.url, clock, timeoutMs: 1000, tokenStore })
    return { redis, log, client }
  }

  const phoneCodes = (n: number) => Array.from({ length: n }, (_, i) => wechat.mock.mintPhoneCode(`1370013${String(i).padStart(4, '0')}`))

  afterEach(async () => {
    await proxy?.stop()
    proxy = undefined
    await Promise.all(connections.splice(0).map(closeRedis))
    await wechat?.close()
  })

  afterAll(async () => {
    await deleteKeys(url.toString(), keyPrefix)
  })

  it('starts and serves with Redis unreachable: one token fetch per process, one log line', async () => {
    wechat = await startMockWechat({ appid: APPID, secret: SECRET, clock })
    const closedPort = await freePort()
    const { client, log, redis } = instance(`redis://127.0.0.1:${closedPort}`, `${keyPrefix}down:`)
    const results = await Promise.all(phoneCodes(30).map((code) => client.getPhoneNumber(code)))
    expect(results).toHaveLength(30)
    await Promise.all(phoneCodes(10).map((code) => client.getPhoneNumber(code)))
    expect(wechat.mock.calls()).toMatchObject({ stable_token: 1, getuserphonenumber: 40 })
    expect(redis.status).not.toBe('ready')
    expect(log.count(UNAVAILABLE)).toBe(1)
    expect(log.count(/^redis unreachable/)).toBe(1)
  })

  it('Redis drops mid-run: both instances keep serving with the token they had; when it returns they share it again', async () => {
    wechat = await startMockWechat({ appid: APPID, secret: SECRET, clock })
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) })
    const viaProxy = `redis://127.0.0.1:${proxy.port}`
    const prefix = `${keyPrefix}drop:`
    const [a, b] = [instance(viaProxy, prefix), instance(viaProxy, prefix)]
    await eventually('both connected', () => a.redis.status === 'ready' && b.redis.status === 'ready')

    await Promise.all(phoneCodes(40).map((code, i) => (i % 2 ? a : b).client.getPhoneNumber(code)))
    expect(wechat.mock.calls().stable_token).toBe(1)

    await proxy.stop()
    await eventually('both disconnected', () => a.redis.status !== 'ready' && b.redis.status !== 'ready')
    const during = await Promise.all(phoneCodes(40).map((code, i) => (i % 2 ? a : b).client.getPhoneNumber(code)))
    expect(during).toHaveLength(40)
    // Served from each process's copy of the shared token: no fetch while Redis was away.
    expect(wechat.mock.calls().stable_token).toBe(1)
    for (const { log } of [a, b]) expect(log.count(UNAVAILABLE)).toBe(1)

    await proxy.start()
    await eventually('both reconnected', () => a.redis.status === 'ready' && b.redis.status === 'ready', 8000)
    await new Promise((resolve) => setTimeout(resolve, 150)) // past retryAfterMs
    await Promise.all(phoneCodes(20).map((code, i) => (i % 2 ? a : b).client.getPhoneNumber(code)))
    for (const { log } of [a, b]) {
      expect(log.count(AGAIN)).toBe(1)
      expect(log.count(UNAVAILABLE)).toBe(1)
    }
    // A third instance with an empty memory finds the token in Redis: the cache is shared again.
    const c = instance(viaProxy, prefix)
    await eventually('third connected', () => c.redis.status === 'ready')
    await c.client.getPhoneNumber(wechat.mock.mintPhoneCode('13600136000'))
    expect(wechat.mock.calls()).toMatchObject({ stable_token: 1, getuserphonenumber: 101 })
    expect(c.log.count(UNAVAILABLE)).toBe(0)
  })
})

