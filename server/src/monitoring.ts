import type { Database } from './db/database'
import type { PhoneLedger } from './ledger/phone-ledger'
import type { Logger } from './logger'
import type { WechatClient } from './platforms/weixin/types'

/** What load balancers and Prometheus ask of the BFF (/healthz, /metrics), apart from any HTTP. */
export interface Monitoring {
  /** Whether the database can take a write right now; a failure is logged. */
  healthy(): Promise<boolean>
  /**
   * Prometheus text: upstream WeChat calls by endpoint and outcome, then the ledger's counters. Counts only:
   * nothing here identifies a user or a credential.
   */
  metricsText(): string
}

export function createMonitoring(deps: { database: Database; wechat: WechatClient; ledger: PhoneLedger; logger: Logger }): Monitoring {
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
      const lines = [
        '# HELP wechat_upstream_calls_total Calls to the WeChat API by endpoint and outcome.',
        '# TYPE wechat_upstream_calls_total counter',
      ]
      for (const [endpoint, outcomes] of Object.entries(deps.wechat.stats())) {
        for (const [outcome, count] of Object.entries(outcomes)) {
          lines.push(`wechat_upstream_calls_total{endpoint="${endpoint}",outcome="${outcome}"} ${count}`)
        }
      }
      lines.push(...deps.ledger.metrics())
      return `${lines.join('\n')}\n`
    },
  }
}
