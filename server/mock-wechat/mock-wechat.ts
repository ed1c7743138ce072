import type { Context } from 'hono'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { type Clock, systemClock } from '../src/clock'
import { createCodeStore } from './code-store'
import { controlRoutes } from './control-routes'
import { createFaults, createHangs, type Fault, MOCK_ENDPOINTS, type MockEndpoint } from './faults'
import { createIdentities } from './identities'
import { parsePhone } from './phone-format'
import { createTokenRegistry } from './token-registry'
import { wechatRoutes } from './wechat-routes'
import { wxError } from './wx-error'

export interface MockWechatOptions {
  appid: string
  secret: string
  /** Drives token lifetimes and code expiry; a fakeClock makes them testable without waiting. */
  clock?: Clock
  /** Added to every WeChat endpoint's answer (benchmarks). */
  latencyMs?: number
  /** Upper bound on how long a 'timeout' fault holds a request (it is released earlier by close/reset). */
  hangMs?: number
}

export interface MockWechat {
  /** The four WeChat endpoints plus `/__control/*`; mount at any base path. */
  app: Hono
  /** A wx.login code. Without openid, a new unique WeChat user; the same openid is always the same user. */
  mintLoginCode(openid?: string, opts?: { unionid?: string; appid?: string }): string
  /** A getPhoneNumber code for `13800138000`, `+8613800138000` or a bare number plus countryCode. */
  mintPhoneCode(phone: string, opts?: { appid?: string; watermarkAppid?: string; countryCode?: string }): string
  /** Requests received per endpoint (faulted ones included). */
  calls(): Record<MockEndpoint, number>
  /** The next `times` calls to `endpoint` get `fault` instead of a normal answer. */
  failNext(endpoint: MockEndpoint, fault: Fault, times?: number): void
  /**
   * The phone button's side of the free trial quota: while exhausted, the WeChat client hands the button
   * errno 1400001 instead of a code (dev mode's 模拟授权 shows that path without spending a real trial).
   */
  quota: { exhausted: boolean }
  /** Forget codes, users, tokens, counts and queued faults; release hung requests. */
  reset(): void
  /** Answer every request a 'timeout' fault is holding (so a server can close). */
  releaseHung(): void
}

const HTML_ERROR_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>'

export function createMockWechat(opts: MockWechatOptions): MockWechat {
  const clock = opts.clock ?? systemClock
  const tokens = createTokenRegistry(clock)
  const codes = createCodeStore(clock)
  const identities = createIdentities()
  const faults = createFaults()
  const hangs = createHangs()
  const counts = zeroCounts()

  async function admit(endpoint: MockEndpoint): Promise<Fault | undefined> {
    counts[endpoint] += 1
    if (opts.latencyMs) await new Promise((resolve) => setTimeout(resolve, opts.latencyMs))
    return faults.take(endpoint)
  }

  async function respondFault(c: Context, fault: Fault): Promise<Response> {
    switch (fault) {
      case 'timeout':
        await hangs.hang(opts.hangMs ?? 120_000)
        return c.json(wxError(-1))
      case 'garbage':
        return c.body(HTML_ERROR_PAGE, 200, { 'content-type': 'application/json' })
      case 'empty':
        return c.json({})
      case 'http500':
        return c.body(HTML_ERROR_PAGE.replaceAll('502 Bad Gateway', '500 Internal Server Error'), 500, {
          'content-type': 'text/html',
        })
      default:
        return c.json(typeof fault === 'string' ? { ...wxError(Number(fault)), errcode: fault } : wxError(fault))
    }
  }

  const mock: Omit<MockWechat, 'app'> = {
    mintLoginCode(openid, o = {}) {
      const identity = identities.resolve(openid, o.unionid)
      return codes.issue(o.appid ?? opts.appid, { kind: 'login', ...identity })
    },
    mintPhoneCode(phone, o = {}) {
      const appid = o.appid ?? opts.appid
      const parts = parsePhone(phone, o.countryCode)
      return codes.issue(appid, { kind: 'phone', phone: parts, watermarkAppid: o.watermarkAppid ?? appid })
    },
    calls: () => ({ ...counts }),
    quota: { exhausted: false },
    failNext: (endpoint, fault, times) => faults.add(endpoint, fault, times),
    reset() {
      tokens.reset()
      codes.reset()
      identities.reset()
      faults.reset()
      Object.assign(counts, zeroCounts())
      mock.quota.exhausted = false
      hangs.releaseAll()
    },
    releaseHung: () => hangs.releaseAll(),
  }

  const app = new Hono()
  // A body a route refuses is answered as that route said (the HTTPException readJsonBody threw for it);
  // anything else is a bug, left to whoever serves the mock.
  app.onError((err) => {
    if (err instanceof HTTPException) return err.getResponse()
    throw err
  })
  app.route('/', controlRoutes(mock))
  app.route('/', wechatRoutes({ appid: opts.appid, secret: opts.secret, tokens, codes, admit, respondFault }))
  return { app, ...mock }
}

function zeroCounts(): Record<MockEndpoint, number> {
  return Object.fromEntries(MOCK_ENDPOINTS.map((e) => [e, 0])) as Record<MockEndpoint, number>
}
