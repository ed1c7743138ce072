import type { AppPrices } from '../platforms/app-config'
import { type CostDay, type CostTotals, costTotals } from './cost-report'

const yuan = (fen: number) => (fen / 100).toFixed(2)
/** Columns a string takes in a terminal: CJK characters (元) take two. */
const columns = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0)
const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - columns(text)))
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - columns(text))) + text
const COUNTS = ['quick ok', 'rejected', 'failed', 'realtime ok', 'rejected', 'failed', 'cost 元', 'new accounts', '元 per new account']

/** What each configured app charges, for the report's first line; absent when the report runs without the apps' configuration. */
export interface ReportPrices extends AppPrices {
  apps?: Record<string, AppPrices & { platform: string }>
}

/**
 * The report for a person: a row per day and a total line, then the window per app; right-aligned numbers,
 * aligned by terminal columns (元 is two columns wide).
 */
export function renderCostTable(days: CostDay[], prices: ReportPrices): string {
  const cells = (d: Omit<CostTotals, 'apps'>) => [
    d.exchanges.quick.ok, d.exchanges.quick.rejected, d.exchanges.quick.failed,
    d.exchanges.realtime.ok, d.exchanges.realtime.rejected, d.exchanges.realtime.failed,
    yuan(d.costFen), d.newAccounts, d.newAccounts > 0 ? yuan(d.costFen / d.newAccounts) : '-',
  ].map(String)
  const total = costTotals(days)
  const byDay = table(['date (UTC+8)', ...COUNTS], days.map((d) => [d.date, ...cells(d)]), [`total, ${days.length} days`, ...cells(total)])
  const apps = Object.entries(total.apps).sort(([a], [b]) => a.localeCompare(b))
  const byApp = apps.length === 0 ? [] : ['', `Per app, ${days.length} days:`, '', ...table(['app', 'platform', ...COUNTS], apps.map(([appid, app]) => [appid, app.platform, ...cells(app)]))]
  const custom = Object.entries(prices.apps ?? {}).filter(([, p]) => p.quickFen !== prices.quickFen || p.realtimeFen !== prices.realtimeFen)
  return [
    `Phone-number exchanges per day and what they cost, at ${yuan(prices.quickFen)} 元 quick / ${yuan(prices.realtimeFen)} 元 real-time per successful WeChat exchange`
      + (custom.length > 0 ? ` (${custom.map(([appid, p]) => `${appid}: ${yuan(p.quickFen)} / ${yuan(p.realtimeFen)}`).join('; ')}).` : '.'),
    '',
    ...byDay,
    ...byApp,
    '',
    'Platforms bill every code their button hands out; codes a client got but never sent are billed and not counted here. Their bill is the truth.',
  ].join('\n')
}

function table(head: string[], rows: string[][], total?: string[]): string[] {
  const all = [head, ...rows, ...(total ? [total] : [])]
  const widths = head.map((_, i) => Math.max(...all.map((r) => columns(r[i]!))))
  const firstText = head[1] === 'platform' ? 2 : 1
  const line = (r: string[]) => r.map((cell, i) => (i < firstText ? padEnd(cell, widths[i]!) : padStart(cell, widths[i]!))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(head), rule, ...rows.map(line), ...(total ? [rule, line(total)] : [])]
}
