import type { Context } from 'hono'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { systemClock } from '../../../clock'
import { createCodeStore } from './code-store'
import { controlRoutes } from './control-routes'
import { createHangs, HTML_ERROR_PAGE } from '../../mock-support/mock-faults'
import { createFaults, type Fault, MOCK_ENDPOINTS, type MockEndpoint } from './faults'
import { createIdentities } from './identities'
import { parsePhone } from './phone-format'
import { createTokenRegistry } from './token-registry'
import { wechatRoutes } from './wechat-routes'
import { wxError } from './wx-error'
import type { MockWechat, MockWechatOptions } from './mock-types'

export type { MockWechat, MockWechatOptions }

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
    issuedToken: (token) => tokens.issued(token),
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
