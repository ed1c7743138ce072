// `pnpm start`: the BFF in the foreground. One line when listening; SIGINT/SIGTERM stop it cleanly.
import { ConfigError, loadConfig } from './config'
import { createLogger } from './logger'
import { prettyStream } from './pretty-log'
import { startServer } from './server'

let config
try {
  config = loadConfig(process.env)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`wx-phone-login: ${err.message}\n`)
  process.exit(1)
}

// Dev mode (no WeChat credentials) logs for a person; production logs JSON for a collector.
const logger = createLogger({ level: config.logLevel, stream: config.devMode ? prettyStream() : undefined })
const running = await startServer(config, { logger }).catch((err: unknown) => {
  logger.fatal({ err }, 'could not start')
  process.exit(1)
})

// Which apps, and where each platform is: a dev app calls the built-in mock (dev mode adds Douyin's and Alipay's).
const builtIn = (app: (typeof config.apps)[number]) => config.devMode && !(app.platform === 'weixin' && app.apiBase !== undefined)
const apps = [...config.apps, ...(running.deps.dev?.apps ?? [])].map((app) => `${app.platform}:${app.appid}${builtIn(app) ? ' (built-in mock, dev mode)' : ''}`)
logger.info({ url: running.url, apps, production: config.production }, `listening on ${running.url}`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: finishing in-flight requests')
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
