import { Redis } from 'ioredis'
import type { Logger } from '../logger'

export interface RedisClientOptions {
  /** How long one command may wait for an answer from a Redis that is connected but not answering. */
  commandTimeoutMs?: number
  /** Connection name shown by `CLIENT LIST`, to tell instances apart. */
  name?: string
}

/**
 * An ioredis connection tuned for a cache the BFF can live without: commands fail at once while Redis is
 * unreachable (no offline queue, no resend) so callers fall back to in-process state instead of waiting,
 * and the connection keeps retrying in the background with a capped backoff. State changes are logged once
 * each (connected, lost, back), never per command.
 */
export function createRedisClient(url: string, logger: Logger, options: RedisClientOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 2000,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectionName: options.name,
    // Never give up: Redis coming back must bring the shared cache back without a restart.
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  })
  const where = redactUrl(url)
  let state: 'connecting' | 'up' | 'down' = 'connecting'
  const down = (reason: string) => {
    if (state === 'down') return
    state = 'down'
    logger.warn({ redis: where, reason }, 'redis unreachable; reconnecting in the background')
  }
  redis.on('ready', () => {
    if (state === 'up') return
    logger.info({ redis: where }, state === 'down' ? 'redis reachable again' : 'redis connected')
    state = 'up'
  })
  // Without an 'error' listener ioredis prints every failed reconnect to the console.
  redis.on('error', (err: Error) => down(err.message))
  redis.on('close', () => {
    if (state === 'up') down('connection closed')
  })
  return redis
}

/**
 * Resolves true once the connection is ready; false after its first failed attempt or `timeoutMs`, whichever
 * comes first (the BFF then starts without it, and the connection keeps retrying in the background).
 */
export function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true)
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer)
      redis.off('ready', onReady)
      redis.off('error', onError)
      resolve(ready)
    }
    const onReady = () => done(true)
    const onError = () => done(false)
    const timer = setTimeout(() => done(false), timeoutMs)
    redis.on('ready', onReady)
    redis.on('error', onError)
  })
}

/** Closes the connection: QUIT when connected (pending replies arrive first), otherwise just stop retrying. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return
  if (redis.status === 'ready') {
    try {
      await redis.quit()
      return
    } catch {
      // fall through: the connection went away meanwhile
    }
  }
  redis.disconnect(false)
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'redis (unparsable URL)'
  }
}
