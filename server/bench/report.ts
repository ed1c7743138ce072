import type { Machine } from './machine'
import type { MpWeixinSize } from './mp-weixin-size'
import type { UpstreamCalls } from './upstream-calls'

export interface RouteRow {
  route: string
  /** Upstream (mock WeChat) latency in ms; undefined for the bare baseline. */
  upstreamMs: number | undefined
  requestsPerSec: number
  p50Ms: number
  p99Ms: number
  requests: number
  failures: number
  failureDetail: string
  peakRssBytes: number
  cpuPerRequestUs: number
}

/** A BFF route and the lean server's, measured in alternating pairs (run.ts `--rounds`). */
export interface LeanComparison {
  route: string
  pairs: { bff: { cpuPerRequestUs: number; requestsPerSec: number }; lean: { cpuPerRequestUs: number; requestsPerSec: number } }[]
}

export interface ProcessFigures {
  label: string
  startupMs: number[]
  idleRssBytes: number
  peakRssBytes: number
}

export interface BenchReport {
  machine: Machine
  settings: { connections: number; durationSec: number; warmupSec: number }
  routes: RouteRow[]
  comparisons: LeanComparison[]
  upstream: UpstreamCalls[]
  processes: ProcessFigures[]
  /** The sizes, or why there are none. */
  mpWeixin: MpWeixinSize | string
  totalSec: number
}

const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024 ** 2).toFixed(0)} MB` : 'n/a')
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1))
const calls = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(4))

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The whole report as Markdown: printed by `pnpm bench`, and what `--write` puts in docs/benchmarks.md. */
/** How run.ts names the lean server's rows: `<the BFF row's route> on the lean server…`. */
export const LEAN_MARK = ' on the lean server'

export function renderReport(report: BenchReport): string {
  const { machine, settings } = report
  const bare = report.routes.find((row) => row.upstreamMs === undefined)
  const out: string[] = []
  out.push(`Measured ${machine.date} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB.toFixed(0)} GiB RAM, Node ${machine.node}`
    + ` (1-min load average ${machine.loadAverage.toFixed(2)} at start); load generator autocannon in the bench process,`
    + ` ${settings.connections} connections, ${settings.durationSec} s per row after a ${settings.warmupSec} s warm-up.`
    + ` Whole bench: ${report.totalSec.toFixed(0)} s.`)
  out.push('')
  out.push('**Requests** (BFF with `NODE_ENV=production`, embedded SQLite, logs to a file; "× bare" is the ratio to a bare Hono route answering a constant JSON: of requests/s, and of server CPU per request)')
  out.push('')
  out.push(table(
    ['route', 'WeChat latency', 'req/s', '× bare', 'p50 ms', 'p99 ms', 'server CPU per request', 'CPU × bare', 'server peak RSS', 'requests', 'errors'],
    report.routes.map((row) => [
      row.route,
      row.upstreamMs === undefined ? '–' : `${row.upstreamMs} ms`,
      row.requestsPerSec.toFixed(0),
      bare ? (row.requestsPerSec / bare.requestsPerSec).toFixed(2) : 'n/a',
      ms(row.p50Ms),
      ms(row.p99Ms),
      Number.isFinite(row.cpuPerRequestUs) ? `${row.cpuPerRequestUs.toFixed(0)} µs` : 'n/a',
      bare && Number.isFinite(row.cpuPerRequestUs) ? `${(row.cpuPerRequestUs / bare.cpuPerRequestUs).toFixed(1)}` : 'n/a',
      mb(row.peakRssBytes),
      String(row.requests),
      row.failures === 0 ? '0' : `**${row.failures}** ${row.failureDetail}`,
    ]),
  ))
  out.push('')
  if (report.comparisons.length > 0) {
    const us = (value: number) => `${value.toFixed(0)} µs`
    const range = (values: number[], show: (value: number) => string) => values.length === 1 ? show(values[0]!)
      : `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`
    const rounds = report.comparisons[0]!.pairs.length
    out.push('**The check against a lean server** (the same ES256 verification and the same SELECT, hand-written, nothing else;'
      + ` goal: the BFF within 1.2×). ${rounds} pair${rounds === 1 ? '' : 's'} per route, each the BFF's row then the lean server's,`
      + ' back to back; medians, ranges in brackets.')
    out.push('')
    out.push(table(
      ['route', 'BFF CPU per request', 'lean CPU per request', 'BFF ÷ lean', 'ratio of each pair', 'BFF req/s', 'lean req/s'],
      report.comparisons.map(({ route, pairs }) => {
        const ratios = pairs.map((pair) => pair.bff.cpuPerRequestUs / pair.lean.cpuPerRequestUs)
        return [
          route, range(pairs.map((pair) => pair.bff.cpuPerRequestUs), us), range(pairs.map((pair) => pair.lean.cpuPerRequestUs), us),
          median(ratios).toFixed(2), ratios.map((ratio) => ratio.toFixed(2)).join(', '),
          median(pairs.map((pair) => pair.bff.requestsPerSec)).toFixed(0), median(pairs.map((pair) => pair.lean.requestsPerSec)).toFixed(0),
        ]
      }),
    ))
    out.push('')
  }
  out.push('**WeChat calls per login** (goal: 2 for a new user, 1 for a returning one, 0 with a live session; the access token amortised to 0)')
  out.push('')
  out.push(table(
    ['case', 'token', 'jscode2session', 'getuserphonenumber', 'total'],
    report.upstream.map((row) => [
      row.logins === 1 ? row.label : `${row.label} (mean of ${row.logins})`,
      calls(row.token), calls(row.jscode2session), calls(row.getuserphonenumber),
      calls(row.token + row.jscode2session + row.getuserphonenumber),
    ]),
  ))
  out.push('')
  out.push('**Start-up and memory** (resident set size, VmRSS)')
  out.push('')
  out.push(table(
    ['process', 'start-up to first /healthz 200', 'RSS idle after start', 'RSS peak under load'],
    report.processes.map((p) => [
      p.label,
      p.startupMs.length === 0 ? 'n/a'
        : `${ms(median(p.startupMs))} ms (median of ${p.startupMs.length}; ${ms(Math.min(...p.startupMs))}–${ms(Math.max(...p.startupMs))})`,
      mb(p.idleRssBytes),
      mb(p.peakRssBytes),
    ]),
  ))
  out.push('')
  const mp = report.mpWeixin
  if (typeof mp !== 'string') {
    const built = Number.isFinite(mp.buildMs) ? `built in ${(mp.buildMs / 1000).toFixed(1)} s` : 'the existing client/dist/build/mp-weixin'
    out.push(`**mp-weixin output** (\`uni build -p mp-weixin\`, production, ${built})`)
    out.push('')
    out.push(table(
      ['total', 'common/vendor.js', 'login page', 'login page + its components'],
      [[`${kb(mp.totalBytes)} (${mp.files} files)`, kb(mp.vendorBytes), kb(mp.loginPageBytes), kb(mp.loginPageWithComponentsBytes)]],
    ))
  } else {
    out.push(`**mp-weixin output**: ${mp}.`)
  }
  return out.join('\n')
}
