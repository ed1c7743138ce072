import type { CostDay } from './cost-report'

const yuan = (fen: number) => (fen / 100).toFixed(2)
/** Columns a string takes in a terminal: CJK characters (元) take two. */
const columns = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0)
const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - columns(text)))
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - columns(text))) + text

/**
 * The report for a person: a row per day and a total line, right-aligned numbers, aligned by terminal columns
 * (元 is two columns wide).
 */
export function renderCostTable(days: CostDay[], prices: { quickFen: number; realtimeFen: number }): string {
  const head = ['date (UTC+8)', 'quick ok', 'rejected', 'failed', 'realtime ok', 'rejected', 'failed', 'cost 元', 'new accounts', '元 per new account']
  const row = (label: string, d: Omit<CostDay, 'date'>) => [
    label,
    d.exchanges.quick.ok, d.exchanges.quick.rejected, d.exchanges.quick.failed,
    d.exchanges.realtime.ok, d.exchanges.realtime.rejected, d.exchanges.realtime.failed,
    yuan(d.costFen), d.newAccounts, d.newAccounts > 0 ? yuan(d.costFen / d.newAccounts) : '-',
  ].map(String)
  const total = days.reduce<Omit<CostDay, 'date'>>((sum, d) => ({
    exchanges: {
      quick: { ok: sum.exchanges.quick.ok + d.exchanges.quick.ok, rejected: sum.exchanges.quick.rejected + d.exchanges.quick.rejected, failed: sum.exchanges.quick.failed + d.exchanges.quick.failed },
      realtime: { ok: sum.exchanges.realtime.ok + d.exchanges.realtime.ok, rejected: sum.exchanges.realtime.rejected + d.exchanges.realtime.rejected, failed: sum.exchanges.realtime.failed + d.exchanges.realtime.failed },
    },
    costFen: sum.costFen + d.costFen,
    newAccounts: sum.newAccounts + d.newAccounts,
  }), { exchanges: { quick: { ok: 0, rejected: 0, failed: 0 }, realtime: { ok: 0, rejected: 0, failed: 0 } }, costFen: 0, newAccounts: 0 })

  const rows = [head, ...days.map((d) => row(d.date, d)), row(`total, ${days.length} days`, total)]
  const widths = head.map((_, i) => Math.max(...rows.map((r) => columns(r[i]!))))
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? padEnd(cell, widths[i]!) : padStart(cell, widths[i]!))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [
    `Phone-number exchanges (getuserphonenumber) per day and what they cost, at ${yuan(prices.quickFen)} 元 quick / ${yuan(prices.realtimeFen)} 元 real-time per successful exchange.`,
    '',
    line(head),
    rule,
    ...rows.slice(1, -1).map(line),
    rule,
    line(rows.at(-1)!),
    '',
    'WeChat bills every code its button hands out; codes a client got but never sent are billed and not counted here. WeChat\'s bill is the truth.',
  ].join('\n')
}
