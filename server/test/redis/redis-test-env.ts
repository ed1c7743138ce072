import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createLogger, type Logger } from '../../src/logger'

/** The real Redis the suites run against (CI sets it); unset → those suites are skipped, and say so. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL?.trim() || undefined

export function announceSkipWithoutRedis(suite: string): void {
  if (!TEST_REDIS_URL) console.log(`[skip] ${suite}: TEST_REDIS_URL is not set, so there is no Redis to test against`)
}

/** A key prefix of its own per test run, so concurrent runs on one Redis cannot see each other's keys. */
export function uniqueKeyPrefix(): string {
  return `wxpl-test:${process.pid}-${randomUUID().slice(0, 8)}:`
}

/** Deletes every key under `prefix` (SCAN, never KEYS, in case the Redis is shared with something else). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true })
  try {
    await redis.connect()
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}

/** A logger keeping every line, for assertions on what was logged (and how often). */
export function memoryLog(): Logger & { lines: { level: string; msg: string; obj: Record<string, unknown> }[]; count(msg: RegExp): number } {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = []
  const logger = createLogger({
    stream: {
      write(line: string) {
        const { level, msg, ...obj } = JSON.parse(line) as { level: number; msg: string }
        lines.push({ level: logger.levels.labels[level] ?? String(level), msg, obj })
      },
    },
  })
  return Object.assign(logger, { lines, count: (msg: RegExp) => lines.filter((line) => msg.test(line.msg)).length })
}

/** Resolves when `check` holds, polling; fails the test with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
