import type { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { RateLimit } from '../../src/http/rate-limit'
import { closeRedis, createRedisClient } from '../../src/redis/redis-client'
import { redisRateLimit } from '../../src/redis/redis-rate-limit'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { announceSkipWithoutRedis, deleteKeys, eventually, memoryLog, TEST_REDIS_URL, uniqueKeyPrefix } from './redis-test-env'

announceSkipWithoutRedis('Redis rate limit')

describe.skipIf(!TEST_REDIS_URL)('auth rate limit shared through Redis', () => {
  const url = new URL(TEST_REDIS_URL ?? 'redis://unset') // read only when not skipped
  const keyPrefix = uniqueKeyPrefix()
  const connections: Redis[] = []
  let proxy: TcpProxy | undefined

  function instance(redisUrl: string, perMinute: number): { redis: Redis; limit: RateLimit } {
    const redis = createRedisClient(redisUrl, memoryLog())
    connections.push(redis)
    return { redis, limit: redisRateLimit({ redis, perMinute, keyPrefix }) }
  }

  async function takeN(limit: RateLimit, key: string, n: number) {
    const verdicts = []
    for (let i = 0; i < n; i++) verdicts.push(await limit.take(key))
    return verdicts
  }

  afterEach(async () => {
    await proxy?.stop()
    proxy = undefined
    await Promise.all(connections.splice(0).map(closeRedis))
  })

  afterAll(async () => {
    await deleteKeys(url.toString(), keyPrefix)
  })

  it('two instances spend one budget per client address, and refuse with the seconds to wait', async () => {
    const [a, b] = [instance(url.toString(), 5), instance(url.toString(), 5)]
    await eventually('connected', () => a.redis.status === 'ready' && b.redis.status === 'ready')
    const key = `203.0.113.${Math.floor(Math.random() * 250)}`
    expect(await takeN(a.limit, key, 3)).toEqual(Array(3).fill({ allowed: true }))
    expect(await takeN(b.limit, key, 2)).toEqual(Array(2).fill({ allowed: true }))
    for (const limit of [a.limit, b.limit]) {
      const refused = await limit.take(key)
      expect(refused.allowed).toBe(false)
      expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(59)
      expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60)
    }
    // Another address has its own budget; the keys live under our prefix.
    expect(await a.limit.take(`${key}-other`)).toEqual({ allowed: true })
    const keys = await a.redis.keys(`${keyPrefix}rate:auth:*`)
    expect(keys.sort()).toEqual([`${keyPrefix}rate:auth:${key}`, `${keyPrefix}rate:auth:${key}-other`].sort())
  })

  it('with Redis unreachable the limit still holds per process, without errors; shared again once it returns', async () => {
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) })
    const viaProxy = `redis://127.0.0.1:${proxy.port}`
    const [a, b] = [instance(viaProxy, 3), instance(viaProxy, 3)]
    await eventually('connected', () => a.redis.status === 'ready' && b.redis.status === 'ready')

    await proxy.stop()
    await eventually('disconnected', () => a.redis.status !== 'ready' && b.redis.status !== 'ready')
    const key = `198.51.100.${Math.floor(Math.random() * 250)}`
    const verdicts = await takeN(a.limit, key, 4)
    expect(verdicts.slice(0, 3)).toEqual(Array(3).fill({ allowed: true }))
    expect(verdicts[3]?.allowed).toBe(false)

    await proxy.start()
    await eventually('reconnected', () => a.redis.status === 'ready' && b.redis.status === 'ready', 8000)
    const fresh = `${key}-after`
    expect(await takeN(a.limit, fresh, 2)).toEqual(Array(2).fill({ allowed: true }))
    expect(await b.limit.take(fresh)).toEqual({ allowed: true })
    expect((await b.limit.take(fresh)).allowed).toBe(false)
  })
})
