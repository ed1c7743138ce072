import type { Database } from './db/database'
import type { PhoneLedger } from './ledger/phone-ledger'
import type { Logger } from './logger'
import type { Apps } from './platforms/apps'

/** What load balancers and Prometheus ask of the BFF (/healthz, /metrics), apart from any HTTP. */
export interface Monitoring {
  /** Whether the database can take a write right now; a failure is logged. */
  healthy(): Promise<boolean>
  /**
   * Prometheus text: upstream calls by app, endpoint and outcome, then the ledger's counters. Counts only:
   * nothing here identifies a user or a credential.
   */
  metricsText(): string
}

export function createMonitoring(deps: { database: Database; apps: Apps; ledger: PhoneLedger; logger: Logger }): Monitoring {
  return {
    async healthy() {
      try {
        await deps.database.ping()
        return true
      } catch (err) {
        deps.logger.warn({ err }, 'health check: database not answering')
        return false
      }
    },
    metricsText() {
      // WeChat's calls keep their series name; other platforms' go under platform_upstream_calls_total.
      const lines = [
        '# HELP wechat_upstream_calls_total Calls to the WeChat API by app, endpoint and outcome.',
        '# TYPE wechat_upstream_calls_total counter',
      ]
      const others: string[] = []
      for (const { platform, appid, stats } of deps.apps.stats()) {
        for (const [endpoint, outcomes] of Object.entries(stats)) {
          for (const [outcome, count] of Object.entries(outcomes)) {
            if (platform === 'weixin') lines.push(`wechat_upstream_calls_total{app="${appid}",endpoint="${endpoint}",outcome="${outcome}"} ${count}`)
            else others.push(`platform_upstream_calls_total{platform="${platform}",app="${appid}",endpoint="${endpoint}",outcome="${outcome}"} ${count}`)
          }
        }
      }
      if (others.length > 0) {
        lines.push('# HELP platform_upstream_calls_total Calls to the Douyin and Alipay APIs by platform, app, endpoint and outcome.', '# TYPE platform_upstream_calls_total counter', ...others)
      }
      lines.push(...deps.ledger.metrics())
      return `${lines.join('\n')}\n`
    },
  }
}
