import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '../support/fake-clock'
import { closeRedis, createRedisClient, waitUntilReady } from '../../src/redis/redis-client'
import { createRedisTokenStore } from '../../src/redis/redis-token-store'
import { startMockWechat, type RunningMockWechat } from '../../src/platforms/weixin/mock'
import { createWechatClient, REFRESH_MARGIN_MS } from '../../src/platforms/weixin'
import { announceSkipWithoutRedis, deleteKeys, memoryLog, TEST_REDIS_URL, uniqueKeyPrefix } from './redis-test-env'

const APPID = 'wx0123456789redis0'
const SECRET = 'redis-test-secret-0123456789abcdef'

announceSkipWithoutRedis('Redis token store')

describe.skipIf(!TEST_REDIS_URL)('Redis token store (shared by BFF instances)', () => {
  const url = TEST_REDIS_URL as string
  const keyPrefix = uniqueKeyPrefix()
  const connections: Redis[] = []
  let wechat: RunningMockWechat | undefined
  let testNo = 0

  /** One ioredis connection per simulated instance, as separate processes would have. */
  async function connection(): Promise<Redis> {
    const redis = createRedisClient(url, memoryLog())
    connections.push(redis)
    expect(await waitUntilReady(redis, 3000)).toBe(true)
    return redis
  }

  /** Stores for one appid under a key prefix of this test's own. */
  function storesFor(clock = fakeClock()) {
    const prefix = `${keyPrefix}t${++testNo}:`
    return {
      clock,
      prefix,
      store: async (appid = APPID) => createRedisTokenStore({ redis: await connection(), appid, keyPrefix: prefix, clock }),
    }
  }

  beforeAll(() => {
    expect(keyPrefix).toMatch(/^wxpl-test:/)
  })

  afterEach(async () => {
    await wechat?.close()
    wechat = undefined
    await Promise.all(connections.splice(0).map(closeRedis))
  })

  afterAll(async () => {
    await deleteKeys(url, keyPrefix)
  })

  const phoneCodes = (n: number) => Array.from({ length: n }, (_, i) => wechat!.mock.mintPhoneCode(`1390013${String(i).padStart(4, '0')}`))

  it('keeps a token with a TTL matching its expiry, and hides it once the clock passes it', async () => {
    const { store, clock, prefix } = storesFor()
    const [a, b] = [await store(), await store()]
    const token = { value: 'tok-1', expiresAt: clock.now() + 60_000 }
    await a.set(token)
    expect(await b.get()).toEqual(token)
    const ttl = await connections[0]!.pttl(`${prefix}wechat:access-token:${APPID}`)
    expect(ttl).toBeGreaterThan(55_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
    clock.advance(60_000)
    expect(await b.get()).toBeUndefined()
  })

  it('namespaces by appid: two mini programs on one Redis keep their own tokens', async () => {
    const { store, clock } = storesFor()
    const [one, two] = [await store('wxappone000000000'), await store('wxapptwo000000000')]
    await one.set({ value: 'one', expiresAt: clock.now() + 60_000 })
    expect(await two.get()).toBeUndefined()
    await two.set({ value: 'two', expiresAt: clock.now() + 60_000 })
    expect((await one.get())?.value).toBe('one')
  })

  it('deletes the token only if it is still the given value', async () => {
    const { store, clock } = storesFor()
    const [a, b] = [await store(), await store()]
    await a.set({ value: 'old', expiresAt: clock.now() + 60_000 })
    await b.set({ value: 'new', expiresAt: clock.now() + 60_000 })
    expect(await a.deleteIfEquals('old')).toBe(false)
    expect((await a.get())?.value).toBe('new')
    expect(await a.deleteIfEquals('new')).toBe(true)
    expect(await b.get()).toBeUndefined()
    expect(await b.deleteIfEquals('new')).toBe(false)
  })

  it('gives the lock to one holder at a time; the lease frees it; only its owner releases it', async () => {
    const { store } = storesFor()
    const [a, b] = [await store(), await store()]
    const held = await a.tryLock(300)
    expect(held).toBeDefined()
    expect(await b.tryLock(300)).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 350))
    const next = await b.tryLock(10_000)
    expect(next).toBeDefined()
    // The first holder's late release must not free the lock its successor now holds.
    await held!.release()
    expect(await a.tryLock(300)).toBeUndefined()
    await next!.release()
    expect(await a.tryLock(300)).toBeDefined()
  })

  it('two instances, 120 concurrent phone exchanges split across them: one stable_token call', async () => {
    const { store, clock } = storesFor()
    wechat = await startMockWechat({ appid: APPID, secret: SECRET, clock, latencyMs: 20 })
    const client = async () => createWechatClient({ appid: APPID, secret: SECRET, apiBase: wechat!.url, clock, tokenStore: await store() })
    const [a, b] = [await client(), await client()]
    const results = await Promise.all(phoneCodes(120).map((code, i) => (i % 2 ? a : b).getPhoneNumber(code)))
    expect(new Set(results.map((r) => r.purePhoneNumber)).size).toBe(120)
    expect(wechat.mock.calls()).toMatchObject({ stable_token: 1, getuserphonenumber: 120 })
    expect((a.stats().stable_token.ok ?? 0) + (b.stats().stable_token.ok ?? 0)).toBe(1)
  })

  it('a lock holder that died blocks the others only until its lease runs out', async () => {
    const { store, clock } = storesFor()
    wechat = await startMockWechat({ appid: APPID, secret: SECRET, clock })
    // An instance took the refresh lock and crashed: it never stores a token and never releases.
    expect(await (await store()).tryLock(1500)).toBeDefined()
    const survivor = createWechatClient({ appid: APPID, secret: SECRET, apiBase: wechat.url, clock, timeoutMs: 1000, tokenStore: await store() })
    const started = performance.now()
    const results = await Promise.all(phoneCodes(20).map((code) => survivor.getPhoneNumber(code)))
    const waited = performance.now() - started
    expect(results).toHaveLength(20)
    expect(waited).toBeGreaterThan(1300)
    expect(waited).toBeLessThan(4000)
    expect(wechat.mock.calls()).toMatchObject({ stable_token: 1, getuserphonenumber: 20 })
  })

  it('40001 seen by an instance after another already refreshed: the newer token is kept, not fetched again', async () => {
    const { store, clock, prefix } = storesFor()
    wechat = await startMockWechat({ appid: APPID, secret: SECRET, clock })
    // Instance B reaches WeChat through a gate that can hold a reply, so its call overlaps A's refresh.
    const gate = await startReplyGate(wechat.url)
    try {
      const a = createWechatClient({ appid: APPID, secret: SECRET, apiBase: wechat.url, clock, tokenStore: await store() })
      const b = createWechatClient({ appid: APPID, secret: SECRET, apiBase: gate.url, clock, tokenStore: await store() })
      await a.getPhoneNumber(wechat.mock.mintPhoneCode('13800138000'))
      const first = await readToken(connections[0]!, prefix)
      // Into stable_token's last 5 minutes (still inside our margin): a refetch now gets a new token.
      clock.advance(7200_000 - 5 * 60_000 + 1000)
      expect(REFRESH_MARGIN_MS).toBeLessThan(5 * 60_000 - 1000)

      // Both calls use the first token and both get 40001; B's reply is held until A has refreshed.
      wechat.mock.failNext('getuserphonenumber', 40001, 2)
      const bCall = b.getPhoneNumber(wechat.mock.mintPhoneCode('13900139000'))
      await gate.holding
      expect(await a.getPhoneNumber(wechat.mock.mintPhoneCode('13700137000'))).toMatchObject({ purePhoneNumber: '13700137000' })
      const second = await readToken(connections[0]!, prefix)
      expect(second).not.toBe(first)
      expect(wechat.mock.calls().stable_token).toBe(2)

      gate.release()
      expect(await bCall).toMatchObject({ purePhoneNumber: '13900139000' })
      // B dropped nothing (the cached token was already the newer one) and fetched nothing.
      expect(wechat.mock.calls().stable_token).toBe(2)
      expect(await readToken(connections[0]!, prefix)).toBe(second)
      expect(b.stats().stable_token).toEqual({})
      expect(b.stats().getuserphonenumber).toEqual({ token_expired: 1, ok: 1 })
    } finally {
      await gate.close()
    }
  })
})

async function readToken(redis: Redis, prefix: string): Promise<string | undefined> {
  const raw = await redis.get(`${prefix}wechat:access-token:${APPID}`)
  return raw === null ? undefined : (JSON.parse(raw) as { value: string }).value
}

/**
 * An HTTP forwarder to the mock WeChat that holds the first getuserphonenumber reply until released
 * (the call has reached WeChat and been answered; only its answer is late).
 */
async function startReplyGate(target: string) {
  let signalHolding!: () => void
  const holding = new Promise<void>((resolve) => { signalHolding = resolve })
  let release!: () => void
  const released = new Promise<void>((resolve) => { release = resolve })
  let held = false

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
      })
      const body = await upstream.text()
      if (!held && req.url?.startsWith('/wxa/business/getuserphonenumber')) {
        held = true
        signalHolding()
        await released
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    holding,
    release: () => release(),
    close: () => {
      release()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
