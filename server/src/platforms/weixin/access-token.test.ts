import { $fetch } from 'ofetch'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { REFRESH_MARGIN_MS } from './access-token'
import { createMemoryTokenStore } from '../memory-token-store'
import { APPID, SECRET, startWechatPair } from '../../../test/support/wechat-pair'
import type { TokenStore } from '../token-store'
import { createWechatClient } from './wechat-client'

let pair: Awaited<ReturnType<typeof startWechatPair>>

afterEach(async () => {
  await pair.wechat.close()
})

const phoneCodes = (n: number) => Array.from({ length: n }, (_, i) => pair.mock.mintPhoneCode(`1380013${String(i).padStart(4, '0')}`))

/** What stable_token currently hands out (normal mode returns the same token, so this changes nothing). */
async function currentStableToken(): Promise<string> {
  const res = await $fetch<{ access_token: string }>(`${pair.wechat.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: { grant_type: 'client_credential', appid: APPID, secret: SECRET },
    retry: 0,
  })
  return res.access_token
}

describe('access token cache', () => {
  it('fetches one token for 100 concurrent phone exchanges', async () => {
    pair = await startWechatPair()
    const results = await Promise.all(phoneCodes(100).map((code) => pair.client.getPhoneNumber(code)))
    expect(new Set(results.map((r) => r.purePhoneNumber)).size).toBe(100)
    expect(pair.mock.calls()).toMatchObject({ stable_token: 1, getuserphonenumber: 100 })
  })

  it('fetches one token for two clients sharing a store (two BFF instances)', async () => {
    pair = await startWechatPair()
    const store = createMemoryTokenStore(pair.clock)
    const make = () => createWechatClient({ appid: APPID, secret: SECRET, apiBase: pair.wechat.url, clock: pair.clock, tokenStore: store })
    const [a, b] = [make(), make()]
    const codes = phoneCodes(40)
    await Promise.all(codes.map((code, i) => (i % 2 ? a : b).getPhoneNumber(code)))
    expect(pair.mock.calls().stable_token).toBe(1)
    expect((a.stats().stable_token.ok ?? 0) + (b.stats().stable_token.ok ?? 0)).toBe(1)
  })

  it('a failed fetch fails every waiter, sends no code, and the next call fetches again', async () => {
    pair = await startWechatPair()
    pair.mock.failNext('stable_token', -1)
    const codes = phoneCodes(10)
    const results = await Promise.allSettled(codes.map((code) => pair.client.getPhoneNumber(code)))
    expect(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'WECHAT_UNAVAILABLE')).toBe(true)
    expect(pair.mock.calls()).toMatchObject({ stable_token: 1, getuserphonenumber: 0 })
    await Promise.all(codes.map((code) => pair.client.getPhoneNumber(code)))
    expect(pair.mock.calls()).toMatchObject({ stable_token: 2, getuserphonenumber: 10 })
  })

  it('keeps the token until shortly before expiry, then fetches a fresh one', async () => {
    pair = await startWechatPair()
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))
    const first = await currentStableToken()
    pair.clock.advance(7200_000 - REFRESH_MARGIN_MS - 1000)
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))
    expect(pair.mock.calls().stable_token).toBe(2) // the client's one + ours above
    pair.clock.advance(1000)
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))
    expect(pair.mock.calls().stable_token).toBe(3) // the refetch
    expect(await currentStableToken()).not.toBe(first)
    // Far past the old token's life: only the fresh one can still work.
    pair.clock.advance(30 * 60_000)
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))
    expect(pair.client.stats()).toEqual({ stable_token: { ok: 2 }, jscode2session: {}, getuserphonenumber: { ok: 4 } })
  })

  it('on 40001 drops the token, fetches again and retries the call once', async () => {
    pair = await startWechatPair()
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))
    pair.mock.failNext('getuserphonenumber', 40001)
    expect(await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13900139000'))).toMatchObject({ purePhoneNumber: '13900139000' })
    expect(pair.mock.calls()).toMatchObject({ stable_token: 2, getuserphonenumber: 3 })
    expect(pair.client.stats().getuserphonenumber).toEqual({ ok: 2, token_expired: 1 })
  })

  it.each([40014, 42001])('treats %i like 40001', async (errcode) => {
    pair = await startWechatPair()
    pair.mock.failNext('getuserphonenumber', errcode)
    expect(await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).toMatchObject({ countryCode: '86' })
    expect(pair.mock.calls()).toMatchObject({ stable_token: 2, getuserphonenumber: 2 })
  })

  it('recovers from a token that really died (force-refreshed elsewhere)', async () => {
    pair = await startWechatPair()
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))
    await $fetch(`${pair.wechat.url}/cgi-bin/stable_token`, {
      method: 'POST', body: { grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: true },
    })
    expect(await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).toMatchObject({ countryCode: '86' })
    expect(pair.client.stats().getuserphonenumber).toEqual({ ok: 2, token_expired: 1 })
  })

  it('40001 twice → WECHAT_UNAVAILABLE, no third try', async () => {
    pair = await startWechatPair()
    pair.mock.failNext('getuserphonenumber', 40001, 2)
    const code = pair.mock.mintPhoneCode('13800138000')
    await expect(pair.client.getPhoneNumber(code)).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    expect(pair.mock.calls()).toMatchObject({ stable_token: 2, getuserphonenumber: 2 })
    // WeChat rejected the token both times, so the code is still good.
    expect(await pair.client.getPhoneNumber(code)).toMatchObject({ purePhoneNumber: '13800138000' })
  })

  it('does not drop a token another caller already replaced', async () => {
    pair = await startWechatPair()
    const inner = createMemoryTokenStore(pair.clock)
    let replaced: string | undefined
    let deleted: boolean | undefined
    // Another instance swaps in the new token between our 40001 and our delete.
    const store: TokenStore = {
      ...inner,
      async deleteIfEquals(value) {
        replaced = await currentStableToken()
        await inner.set({ value: replaced, expiresAt: pair.clock.now() + 3600_000 })
        deleted = await inner.deleteIfEquals(value)
        return deleted
      },
    }
    const client = createWechatClient({ appid: APPID, secret: SECRET, apiBase: pair.wechat.url, clock: pair.clock, tokenStore: store })
    await client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))
    await $fetch(`${pair.wechat.url}/cgi-bin/stable_token`, {
      method: 'POST', body: { grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: true },
    })
    expect(await client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).toMatchObject({ countryCode: '86' })
    expect(deleted).toBe(false)
    expect((await inner.get())?.value).toBe(replaced)
    // The retry used the replacement: this client fetched only its first token.
    expect(client.stats().stable_token).toEqual({ ok: 1 })
  })

  it('never logs the secret, tokens, session keys, full codes or phone numbers', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    pair = await startWechatPair({ logger, timeoutMs: 200 })
    const loginCode = pair.mock.mintLoginCode()
    await pair.client.code2Session(loginCode)
    await expect(pair.client.code2Session(loginCode)).rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID' })
    const phoneCode = pair.mock.mintPhoneCode('13812345678')
    await pair.client.getPhoneNumber(phoneCode)
    await expect(pair.client.getPhoneNumber(phoneCode)).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' })
    pair.mock.failNext('getuserphonenumber', 40001)
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13812345678'))
    pair.mock.failNext('getuserphonenumber', 'timeout')
    const lost = pair.mock.mintPhoneCode('13812345678')
    await expect(pair.client.getPhoneNumber(lost)).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    pair.mock.failNext('jscode2session', 40125)
    await expect(pair.client.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'WECHAT_MISCONFIGURED' })

    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(entries.map((e) => [e.endpoint, e.outcome, e.errcode ?? e.reason])).toEqual([
      ['jscode2session', 'rejected', 40163],
      ['getuserphonenumber', 'rejected', 40029],
      ['getuserphonenumber', 'token_expired', 40001],
      ['getuserphonenumber', 'unavailable', 'timeout'],
      ['jscode2session', 'misconfigured', 40125],
    ])
    for (const e of entries) expect(e.durationMs).toEqual(expect.any(Number))
    const all = lines.join('\n')
    for (const secret of [SECRET, await currentStableToken(), loginCode, phoneCode, lost, '13812345678', 'session_key', 'access_token']) {
      expect(all).not.toContain(secret)
    }
  })
})
