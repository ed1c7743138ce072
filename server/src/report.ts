// `pnpm report [--json] [--days N]`: what login costs, per day, from the database the BFF uses (DATABASE_URL
// or DATA_DIR, as for `pnpm start`).
import { parseArgs } from 'node:util'
import { ConfigError, loadApps, loadDatabaseConfig, loadPrices } from './config'
import { openDatabase } from './db/open-database'
import { migrateToLatest } from './db/migrate'
import { costReport, costTotals } from './ledger/cost-report'
import { renderCostTable, type ReportPrices } from './ledger/report-table'

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1))

function fail(message: string): never {
  process.stderr.write(`wx-phone-login report: ${message}\n`)
  process.exit(2)
}

let args
try {
  args = parseArgs({ options: { json: { type: 'boolean', default: false }, days: { type: 'string', default: '30' } } }).values
} catch (err) {
  fail(`${(err as Error).message} (usage: pnpm report [--json] [--days N])`)
}
const days = Number(args.days)
if (!/^\d+$/.test(args.days) || days < 1 || days > 3660) fail('--days must be a whole number from 1 to 3660')

let config
let prices: ReportPrices
try {
  config = loadDatabaseConfig(process.env)
  prices = { ...loadPrices(process.env) }
  // With the BFF's app configuration, each app's own prices too (APPS_FILE may set them per app).
  const env = (name: string) => process.env[name]?.trim() || undefined
  const appsFile = env('APPS_FILE')
  const appid = env('WECHAT_APPID')
  const secret = env('WECHAT_SECRET')
  if (appsFile !== undefined || (appid !== undefined && secret !== undefined)) {
    const apps = loadApps(process.env, { devMode: false, appsFile, appid, secret })
    prices.apps = Object.fromEntries(apps.map((app) => [app.appid, { platform: app.platform, ...app.prices }]))
  }
} catch (err) {
  if (err instanceof ConfigError) fail(err.message)
  throw err
}

const database = await openDatabase(config)
try {
  // A database no BFF has started on yet gets its (empty) tables rather than an error.
  await migrateToLatest(database)
  const report = await costReport(database, Date.now(), days)
  process.stdout.write(args.json
    ? `${JSON.stringify({ days: report, totals: costTotals(report), prices })}\n`
    : `${renderCostTable(report, prices)}\n`)
} finally {
  await database.close()
}
