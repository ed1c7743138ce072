import type { Session } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_SECRET, APPID, AUTH_SIGNING_KEYS, startTestBff, type TestBff } from './support/bff'
import { refresh } from './support/flows'
import { request } from './support/http'
import { newPhone } from '../testing/phones'

let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff()
})
afterAll(() => bff.dispose())

describe('logs', () => {
  it('never contain a full phone number, a code, a token or a secret, and tie every request line to its request id', async () => {
    const mock = bff.mock.mock
    const secrets: string[] = [APP_SECRET, AUTH_SIGNING_KEYS]
    const phones: string[] = []
    const use = <T extends string>(kind: 'secret' | 'phone', value: T): T => {
      ;(kind === 'phone' ? phones : secrets).push(value)
      return value
    }
    const post = (path: string, body: unknown, token?: string) => request<Session>(`${bff.url}${path}`, { body, token })

    // A full life: sign up with WeChat linked, sign back in, refresh, read, change number, log out...
    const phone = use('phone', newPhone())
    const openid = use('secret', `o_logs_${phone}`)
    const signUp = await post('/api/auth/phone-login', {
      phoneCode: use('secret', mock.mintPhoneCode(phone)), loginCode: use('secret', mock.mintLoginCode(openid)),
    })
    expect(signUp.status).toBe(200)
    const back = await post('/api/auth/wx-login', { loginCode: use('secret', mock.mintLoginCode(openid)) })
    expect(back.status).toBe(200)
    const refreshed = await refresh(bff, back.body.refreshToken)
    expect(refreshed.status).toBe(200)
    const newNumber = use('phone', newPhone())
    mock.failNext('getuserphonenumber', 40001) // ...with a token retry along the way
    const changed = await post('/api/me/phone', {
      phoneCode: use('secret', mock.mintPhoneCode(newNumber)), loginCode: use('secret', mock.mintLoginCode(openid)),
    }, refreshed.body.accessToken)
    expect(changed.status).toBe(200)
    // ...and the failures, which are the lines most likely to dump what they were given.
    const usedCode = use('secret', mock.mintPhoneCode(newPhone()))
    await post('/api/auth/phone-login', { phoneCode: usedCode })
    expect((await post('/api/auth/phone-login', { phoneCode: usedCode })).status).toBe(400)
    mock.failNext('getuserphonenumber', 'garbage')
    expect((await post('/api/auth/phone-login', { phoneCode: use('secret', mock.mintPhoneCode(use('phone', newPhone()))) })).status).toBe(503)
    mock.failNext('jscode2session', 45011)
    expect((await post('/api/auth/wx-login', { loginCode: use('secret', mock.mintLoginCode(openid)) })).status).toBe(503)
    expect((await post('/api/auth/refresh', { refreshToken: back.body.refreshToken })).status).toBe(401)
    expect((await post('/api/auth/logout', { refreshToken: refreshed.body.refreshToken })).status).toBe(204)
    for (const session of [signUp.body, back.body, refreshed.body]) secrets.push(session.accessToken, session.refreshToken)

    // The WeChat access token the BFF holds (stable_token in normal mode hands back the current one).
    const wechatToken = await request<{ access_token: string }>(`${bff.mock.url}/cgi-bin/stable_token`, {
      body: { grant_type: 'client_credential', appid: APPID, secret: APP_SECRET },
    })
    secrets.push(wechatToken.body.access_token)

    const text = bff.logs.text()
    expect(text.length).toBeGreaterThan(0)
    for (const secret of secrets) expect(text, 'a secret in the logs').not.toContain(secret)
    for (const number of phones) {
      expect(text, 'a full phone number in the logs').not.toContain(number)
      expect(text).not.toContain(number.slice(1))
    }
    expect(text).not.toMatch(/session_key"\s*:\s*"(?!\[redacted\])/)
    expect(text).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`)

    const lines = bff.logs.lines()
    const requestLines = lines.filter((line) => line.msg === 'request')
    expect(requestLines.length).toBeGreaterThanOrEqual(10)
    for (const line of requestLines) expect(line.reqId).toEqual(expect.any(String))
    // Lines logged inside a request by anyone (routes, the WeChat client) carry that request's id.
    const inner = lines.filter((line) => ['phone login', 'wx login', 'phone changed', 'WeChat call failed', 'WeChat rejected a code'].includes(line.msg as string))
    expect(inner.length).toBeGreaterThanOrEqual(5)
    const requestIds = new Set(requestLines.map((line) => line.reqId))
    for (const line of inner) expect(requestIds).toContain(line.reqId)
  })
})
