import type autocannon from 'autocannon'
import { ROUTES, type Session } from 'shared'
import type { MockWechat } from '../src/platforms/weixin/mock'
import { SHOP } from './apps'
import { newPhone } from '../testing/phones'

const JSON_HEADERS = { 'content-type': 'application/json' }

export interface Scenario {
  requests: autocannon.Request[]
  /** What a correct 2xx body contains. */
  verifyBody: (body: string) => boolean
}

const isSession = (body: string) => body.includes('"accessToken"') && body.includes('"refreshToken"')

/**
 * A new user's first login, as the mini program sends it: a fresh phone code and a fresh login code. Codes are
 * minted in this process (a Map insert), so the load generator spends no request of its own on them.
 */
export function phoneLoginScenario(mock: MockWechat): Scenario {
  return {
    requests: [{
      method: 'POST',
      path: ROUTES.phoneLogin,
      headers: JSON_HEADERS,
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ app: SHOP.appid, phoneCode: mock.mintPhoneCode(newPhone()), loginCode: mock.mintLoginCode() }),
      }),
    }],
    verifyBody: isSession,
  }
}

/** A returning user (linked openid) opening the app again: one fresh login code per request. */
export function wxLoginScenario(mock: MockWechat, openids: string[]): Scenario {
  let next = 0
  return {
    requests: [{
      method: 'POST',
      path: ROUTES.wxLogin,
      headers: JSON_HEADERS,
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ app: SHOP.appid, loginCode: mock.mintLoginCode(openids[next++ % openids.length]) }) }),
    }],
    verifyBody: isSession,
  }
}

/**
 * Refresh with rotation: each token works once, so every request takes a live token from the pool and its
 * answer puts the successor back. With one request in flight per connection, a pool larger than the
 * connection count never runs dry unless answers fail (and those are counted).
 */
export function refreshScenario(pool: string[]): Scenario {
  return {
    requests: [{
      method: 'POST',
      path: ROUTES.refresh,
      headers: JSON_HEADERS,
      setupRequest: (req) => {
        const refreshToken = pool.shift()
        if (refreshToken === undefined) throw new Error('refresh benchmark: no live refresh token left (answers failed)')
        return { ...req, body: JSON.stringify({ refreshToken }) }
      },
      onResponse: (status, body) => {
        if (status === 200) pool.push((JSON.parse(body) as Session).refreshToken)
      },
    }],
    verifyBody: isSession,
  }
}

/** A signed-in user's app asking who they are, round-robin over many accounts. */
export function meScenario(accessTokens: string[]): Scenario {
  let next = 0
  return {
    requests: [{
      method: 'GET',
      path: ROUTES.me,
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${accessTokens[next++ % accessTokens.length]}` } }),
    }],
    verifyBody: (body) => body.includes('"wechatLinked"'),
  }
}

/** A gateway's forward-auth asking whether a request's token is good, round-robin over many sessions. */
export function verifyScenario(accessTokens: string[]): Scenario {
  let next = 0
  return {
    requests: [{
      method: 'GET',
      path: '/api/auth/verify',
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${accessTokens[next++ % accessTokens.length]}` } }),
    }],
    verifyBody: (body) => body === '',
  }
}

export function bareScenario(): Scenario {
  return { requests: [{ method: 'GET', path: '/' }], verifyBody: (body) => body.includes('"hello"') }
}
