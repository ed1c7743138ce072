import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { createAccountActions } from './accounts/account-actions'
import { createPhoneExchange } from './accounts/phone-exchange'
import { createSignIn } from './accounts/sign-in'
import { createPhoneLedger } from './ledger/phone-ledger'
import { createPaidCallLimits } from './http/paid-call-limits'
import { createApp } from './app'
import type { AppDeps } from './app-deps'
import { type Clock, systemClock } from './clock'
import { type Config, DEV_API_PATHS, DEV_WECHAT_API_PATH } from './config'
import type { Database } from './db/database'
import { openDatabase } from './db/open-database'
import { adoptLegacyRows } from './db/adopt-legacy-rows'
import { migrateToLatest } from './db/migrate'
import type { DevMode } from './dev/dev-mode'
import type { RateLimit } from './http/rate-limit'
import { withRequestLog } from './http/request-log'
import { withRequestStamp } from './http/request-stamp'
import { createLogger, type Logger } from './logger'
import { createMonitoring } from './monitoring'
import { openSharedState, type SharedState } from './redis/shared-state'
import { createSessions } from './sessions/sessions'
import { createAccessTokens } from './tokens/access-tokens'
import { requireSession } from './http/require-session'
import { createApps } from './platforms/apps'
import { createPlatformApp } from './platforms/registry'

export interface StartOverrides {
  clock?: Clock
  logger?: Logger
  rateLimit?: RateLimit
  /** SQLite busy_timeout / PostgreSQL lock_timeout (tests shorten it to exercise a locked database quickly). */
  busyTimeoutMs?: number
  /** PostgreSQL: how long a statement may go unanswered (tests shorten it). */
  queryTimeoutMs?: number
  /** How long close() lets in-flight requests run before cutting their connections. */
  shutdownGraceMs?: number
  /** Time limits for slow clients (tests shorten them). */
  http?: Partial<HttpLimits>
}

/** How long a client may take: slow or silent peers must not hold connections. */
export interface HttpLimits {
  /** From the first byte of a request to the end of its headers. */
  headersTimeoutMs: number
  /** From the first byte of a request to the end of its body. */
  requestTimeoutMs: number
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number
  /** How often node checks the two limits above. */
  checkIntervalMs: number
}

export const HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000, checkIntervalMs: 1_000 }

export interface RunningServer {
  url: string
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>
  deps: AppDeps
}

/**
 * Opens the database, runs migrations, listens, and only then builds the app: in dev mode the platforms are
 * this very server (the built-in mocks, WeChat's under /__dev/wechat-api), called over real HTTP at the
 * address we got.
 */
export async function startServer(config: Config, overrides: StartOverrides = {}): Promise<RunningServer> {
  const clock = overrides.clock ?? systemClock
  const logger = overrides.logger ?? createLogger({ level: config.logLevel })
  let database: Database | undefined
  let server: Server | undefined
  let shared: SharedState | undefined
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      busyTimeoutMs: overrides.busyTimeoutMs,
      queryTimeoutMs: overrides.queryTimeoutMs ?? config.databaseTimeoutMs,
    })
    const applied = await migrateToLatest(database)
    if (applied.length > 0) logger.debug({ migrations: applied }, 'migrations applied')
    if (config.legacyWeixinAppid !== undefined) {
      const adopted = await adoptLegacyRows(database, config.legacyWeixinAppid)
      if (adopted > 0) logger.info({ adopted, app: config.legacyWeixinAppid }, 'rows from before apps given their WeChat app')
    }
    // With REDIS_URL: the token cache, its lock and the rate limit shared by every instance.
    shared = await openSharedState(config, logger, clock)

    const limits = { ...HTTP_LIMITS, ...overrides.http }
    server = createServer({
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    })
    let dev: DevMode | undefined
    const devApp = config.devMode ? config.apps.find((app) => app.platform === 'weixin' && app.apiBase === undefined) : undefined
    if (devApp?.platform === 'weixin') {
      const { createDevMode } = await import('./dev/dev-mode')
      dev = createDevMode({ appid: devApp.appid, secret: devApp.secret, clock })
    }
    const url = await listen(server, config.host, config.port)
    const sharedState = shared
    // Dev mode adds its Douyin and Alipay apps (their keys made at start); each dev app calls its mock here.
    const appConfigs = [...config.apps, ...(dev?.apps ?? [])]
    const clients = appConfigs.map((app) => createPlatformApp(app, {
      clock,
      logger,
      timeoutMs: config.upstreamTimeoutMs,
      tokenStore: sharedState.tokenStoreFor(app.platform, app.appid),
      devApiBase: dev ? `${url}${DEV_API_PATHS[app.platform]}` : undefined,
    }))
    const apps = createApps(appConfigs, clients)
    const accessTokens = createAccessTokens({
      keys: config.signingKeys, issuer: config.issuer, audience: config.audience, ttlSeconds: config.accessTokenTtl, clock,
    })
    const sessions = createSessions({
      database,
      clock,
      accessTokens,
      refreshTokenTtl: config.refreshTokenTtl,
      maxSessionsPerUser: config.maxSessionsPerUser,
      refreshReuseWindow: config.security.refreshReuseWindow,
    })
    const ledger = createPhoneLedger({ database, clock, apps: apps.all, logger })
    const payments = createPhoneExchange({ database, ledger })
    const paidCallLimits = createPaidCallLimits(shared.limits, logger)
    const recycledNumbers = { recycledAfterDays: config.security.recycledAfterDays, refreshTokenTtl: config.refreshTokenTtl }
    const signIn = createSignIn({ database, apps, sessions, payments, clock, logger, limits: paidCallLimits, recycledNumbers })
    const account = createAccountActions({ database, apps, sessions, payments, clock, logger, limits: paidCallLimits })
    const monitoring = createMonitoring({ database, apps, ledger, logger })
    const deps: AppDeps = {
      config, clock, database, apps, logger, sessions, signIn, account, ledger, monitoring, dev, accessTokens,
      requireSession: requireSession({ accessTokens, liveAccount: account.signedIn }),
      rateLimit: overrides.rateLimit ?? shared.rateLimit,
      limits: shared.limits,
    }
    // Attached in the same tick as 'listening': no request can be parsed before the handler exists.
    const app = withRequestLog(getRequestListener(createApp(deps).fetch), logger, DEV_WECHAT_API_PATH)
    server.on('request', withRequestStamp(app, clock, config.security.requestDeadlineMs))

    const running = server
    const db = database
    let closing: Promise<void> | undefined
    const close = () => {
      closing ??= (async () => {
        dev?.releaseHung()
        await stopServer(running, overrides.shutdownGraceMs ?? 10_000)
        await sharedState.close()
        await db.close()
      })()
      return closing
    }
    return { url, close, deps }
  } catch (err) {
    server?.close()
    await shared?.close()
    await database?.close()
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
