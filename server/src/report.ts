// `pnpm report [--json] [--days N]`: what login costs, per day, from the database the BFF uses (DATABASE_URL
// or DATA_DIR, as for `pnpm start`).
import { parseArgs } from 'node:util'
import { ConfigError, loadDatabaseConfig, loadPrices } from './config'
import { openDatabase } from './db/open-database'
import { migrateToLatest } from './db/migrate'
import { costReport } from './ledger/cost-report'
import { renderCostTable } from './ledger/report-table'

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

let config, prices
try {
  config = loadDatabaseConfig(process.env)
  prices = loadPrices(process.env)
} catch (err) {
  if (err instanceof ConfigError) fail(err.message)
  throw err
}

const database = await openDatabase(config)
try {
  // A database no BFF has started on yet gets its (empty) tables rather than an error.
  await migrateToLatest(database)
  const report = await costReport(database, Date.now(), days)
  process.stdout.write(args.json ? `${JSON.stringify({ days: report })}\n` : `${renderCostTable(report, prices)}\n`)
} finally {
  await database.close()
}
