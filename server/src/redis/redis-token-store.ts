import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Clock } from '../clock'
import type { PlatformName } from '../platforms/platform'
import type { CachedToken, TokenLock, TokenStore } from '../platforms/token-store'

export interface RedisTokenStoreOptions {
  redis: Redis
  /** Keys are namespaced by platform and appid: several mini programs share one Redis without clobbering each other. */
  platform?: PlatformName
  appid: string
  /** Prefix for every key (REDIS_KEY_PREFIX), so several deployments or test runs can share a Redis. */
  keyPrefix: string
  clock: Clock
}

// Compare-and-delete in one step: a plain GET then DEL could drop a token another instance stored in between.
const DELETE_TOKEN_IF_VALUE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, token = pcall(cjson.decode, raw)
if ok and type(token) == 'table' and token.value == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`

// Only the owner releases the lock: after its lease ran out it may belong to another instance.
const RELEASE_LOCK_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/**
 * The TokenStore over Redis, shared by every BFF instance: the token as JSON under
 * `<prefix><platform>:access-token:<appid>` (WeChat's keep their first name, `wechat:`) with a TTL matching its own expiry, and the refresh lock as
 * `SET NX PX <lease>` holding a random owner id. Errors (Redis down) propagate; see resilient-token-store.ts.
 */
export function createRedisTokenStore(opts: RedisTokenStoreOptions): TokenStore {
  const { redis, clock } = opts
  // WeChat's keys keep the name they had before other platforms, so a rolling upgrade shares one token.
  const namespace = opts.platform === undefined || opts.platform === 'weixin' ? 'wechat' : opts.platform
  const tokenKey = `${opts.keyPrefix}${namespace}:access-token:${opts.appid}`
  const lockKey = `${opts.keyPrefix}${namespace}:access-token-lock:${opts.appid}`

  return {
    async get() {
      const token = parseToken(await redis.get(tokenKey))
      return token && token.expiresAt > clock.now() ? token : undefined
    },
    async set(token) {
      const ttlMs = Math.ceil(token.expiresAt - clock.now())
      if (ttlMs <= 0) return
      await redis.set(tokenKey, JSON.stringify({ value: token.value, expiresAt: token.expiresAt }), 'PX', ttlMs)
    },
    async deleteIfEquals(value) {
      return (await redis.eval(DELETE_TOKEN_IF_VALUE, 1, tokenKey, value)) === 1
    },
    async tryLock(leaseMs): Promise<TokenLock | undefined> {
      const owner = randomUUID()
      const taken = await redis.set(lockKey, owner, 'PX', Math.max(1, Math.ceil(leaseMs)), 'NX')
      if (taken !== 'OK') return undefined
      return {
        release: async () => {
          await redis.eval(RELEASE_LOCK_IF_OWNER, 1, lockKey, owner)
        },
      }
    },
  }
}

function parseToken(raw: string | null): CachedToken | undefined {
  if (raw === null) return undefined
  try {
    const parsed = JSON.parse(raw) as Partial<CachedToken>
    // Anything else under our key (a hand edit, an older format) counts as no token: it gets refetched.
    if (typeof parsed.value === 'string' && parsed.value !== '' && typeof parsed.expiresAt === 'number') {
      return { value: parsed.value, expiresAt: parsed.expiresAt }
    }
  } catch {
    // not JSON: same as above
  }
  return undefined
}
