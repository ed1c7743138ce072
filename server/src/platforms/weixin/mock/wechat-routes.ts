import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { type JsonBodyOptions, readJsonBody } from '../../../http/json-body'
import type { CodeStore } from './code-store'
import type { Fault, MockEndpoint } from './faults'
import { phoneNumberBody, stableTokenBody } from './schemas'
import type { TokenRegistry } from './token-registry'
import { wxError } from './wx-error'

export interface WechatRouteDeps {
  appid: string
  secret: string
  tokens: TokenRegistry
  codes: CodeStore
  /** Counts the call, waits the configured latency, and returns the fault queued for this call, if any. */
  admit(endpoint: MockEndpoint): Promise<Fault | undefined>
  /** Answers a fault (may hang for 'timeout'). */
  respondFault(c: Context, fault: Fault): Promise<Response>
}

type Handler = (c: Context) => Promise<Response> | Response

/** The four WeChat endpoints, with paths as on api.weixin.qq.com. Mount the app at any base path. */
export function wechatRoutes(deps: WechatRouteDeps): Hono {
  const app = new Hono()

  // A body that is not what WeChat expects is its 47001 "data format error" (HTTP 200, as every WeChat error).
  const dataFormatError = (c: Context): JsonBodyOptions => ({
    forbiddenKeys: 'allow',
    invalid: () => new HTTPException(200, { res: c.json(wxError(47001)) }),
  })

  const guarded = (endpoint: MockEndpoint, handler: Handler): Handler => async (c) => {
    const fault = await deps.admit(endpoint)
    return fault === undefined ? handler(c) : deps.respondFault(c, fault)
  }

  function credentialError(appid: unknown, secret: unknown): number | undefined {
    if (typeof appid !== 'string' || appid === '') return 41002
    if (appid !== deps.appid) return 40013
    if (typeof secret !== 'string' || secret === '') return 41004
    if (secret !== deps.secret) return 40125
    return undefined
  }

  app.all('/cgi-bin/token', guarded('token', (c) => {
    const q = c.req.query()
    const rejected = credentialError(q.appid, q.secret) ?? (q.grant_type === 'client_credential' ? undefined : 40002)
    return c.json(rejected === undefined ? deps.tokens.issueClassic() : wxError(rejected))
  }))

  app.all('/cgi-bin/stable_token', guarded('stable_token', async (c) => {
    if (c.req.method !== 'POST') return c.json(wxError(43002))
    const body = await readJsonBody(c, stableTokenBody, dataFormatError(c))
    const rejected = credentialError(body.appid, body.secret)
      ?? (body.grant_type === 'client_credential' ? undefined : 40002)
    if (rejected !== undefined) return c.json(wxError(rejected))
    const issued = body.force_refresh === true ? deps.tokens.stableForce() : deps.tokens.stableNormal()
    return c.json(typeof issued === 'number' ? wxError(issued) : issued)
  }))

  app.get('/sns/jscode2session', guarded('jscode2session', (c) => {
    // Extra parameters (some SDKs append access_token) are ignored, as WeChat does.
    const q = c.req.query()
    // WeChat labels this endpoint's JSON as text/plain; clients must parse it anyway.
    const answer = (body: object) => c.body(JSON.stringify(body), 200, { 'content-type': 'text/plain' })
    const rejected = credentialError(q.appid, q.secret)
      ?? (q.grant_type === 'authorization_code' ? undefined : 40002)
      ?? (q.js_code ? undefined : 41008)
    if (rejected !== undefined) return answer(wxError(rejected))
    const redeemed = deps.codes.redeem(q.js_code ?? '', 'login', deps.appid)
    if (!redeemed.ok) return answer(wxError(redeemed.errcode))
    const { openid, unionid } = redeemed.grant
    // A fresh session_key per login, as wx.login rotates it.
    const sessionKey = randomBytes(16).toString('base64')
    return answer(unionid === undefined ? { session_key: sessionKey, openid } : { session_key: sessionKey, openid, unionid })
  }))

  app.all('/wxa/business/getuserphonenumber', guarded('getuserphonenumber', async (c) => {
    if (c.req.method !== 'POST') return c.json(wxError(43002))
    // WeChat checks the token before it looks at the code, so a token error never consumes the code.
    const token = c.req.query('access_token')
    if (!token) return c.json(wxError(41001))
    const tokenCheck = deps.tokens.check(token)
    if (tokenCheck !== 'ok') return c.json(wxError(tokenCheck))
    const body = await readJsonBody(c, phoneNumberBody, dataFormatError(c))
    const redeemed = deps.codes.redeem(body.code, 'phone', deps.appid)
    if (!redeemed.ok) return c.json(wxError(redeemed.errcode))
    const { phone, watermarkAppid } = redeemed.grant
    return c.json({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        ...phone,
        // The moment the user tapped the button, i.e. when the code was issued.
        watermark: { timestamp: Math.floor(redeemed.issuedAt / 1000), appid: watermarkAppid },
      },
    })
  }))

  return app
}
