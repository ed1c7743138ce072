import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { createApp, DEV_WECHAT_API_PATH } from './app'
import type { AppDeps } from './app-deps'
import { type Clock, systemClock } from './clock'
import type { Config } from './config'
import { openDatabase } from './db/database'
import { migrateToLatest } from './db/migrate'
import type { RateLimit } from './http/rate-limit'
import { createLogger, type Logger } from './logger'
import { createMockWechat } from './mock-wechat'
import { openSharedState, type SharedState } from './redis/shared-state'
import { createWechatClient } from './wechat'

export interface StartOverrides {
  clock?: Clock
  logger?: Logger
  rateLimit?: RateLimit
  /** SQLite busy_timeout (tests shorten it to exercise a locked database quickly). */
  busyTimeoutMs?: number
  /** How long close() lets in-flight requests run before cutting their connections. */
  shutdownGraceMs?: number
}

export interface RunningServer {
  url: string
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>
  deps: AppDeps
}

/**
 * Opens the database, runs migrations, listens, and only then builds the app: in dev mode WeChat is this
 * very server (the built-in mock under /__dev/wechat-api), called over real HTTP at the address we got.
 */
export async function startServer(config: Config, overrides: StartOverrides = {}): Promise<RunningServer> {
  const clock = overrides.clock ?? systemClock
  const logger = overrides.logger ?? createLogger({ level: config.logLevel })
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, busyTimeoutMs: overrides.busyTimeoutMs })
  let server: Server | undefined
  let shared: SharedState | undefined
  try {
    const applied = await migrateToLatest(database)
    if (applied.length > 0) logger.debug({ migrations: applied }, 'migrations applied')
    // With REDIS_URL: the token cache, its lock and the rate limit shared by every instance.
    shared = await openSharedState(config, logger, clock)

    server = createServer()
    const url = await listen(server, config.host, config.port)
    const devWechat = config.wechat.apiBase === undefined
      ? createMockWechat({ appid: config.wechat.appid, secret: config.wechat.secret, clock })
      : undefined
    const wechat = createWechatClient({
      appid: config.wechat.appid,
      secret: config.wechat.secret,
      apiBase: config.wechat.apiBase ?? `${url}${DEV_WECHAT_API_PATH}`,
      timeoutMs: config.wechat.timeoutMs,
      clock,
      logger,
      tokenStore: shared.tokenStore,
    })
    const deps: AppDeps = {
      config, clock, database, wechat, logger, devWechat,
      rateLimit: overrides.rateLimit ?? shared.rateLimit,
    }
    // Attached in the same tick as 'listening': no request can be parsed before the handler exists.
    server.on('request', getRequestListener(createApp(deps).fetch))

    const running = server
    const sharedState = shared
    let closing: Promise<void> | undefined
    const close = () => {
      closing ??= (async () => {
        devWechat?.releaseHung()
        await stopServer(running, overrides.shutdownGraceMs ?? 10_000)
        await sharedState.close()
        await database.close()
      })()
      return closing
    }
    return { url, close, deps }
  } catch (err) {
    server?.close()
    await shared?.close()
    await database.close()
    throw err
  }
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address() as AddressInfo
      // A wildcard address is not one a client (or our own WeChat calls in dev) can dial.
      const dialable = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address
      resolve(`http://${dialable.includes(':') ? `[${dialable}]` : dialable}:${address.port}`)
    })
  })
}

/** Stop accepting; idle keep-alive connections close now, busy ones after their response; cut stragglers. */
function stopServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs)
    server.close(() => {
      clearTimeout(force)
      resolve()
    })
    server.closeIdleConnections()
  })
}
