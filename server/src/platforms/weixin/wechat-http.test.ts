import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createWechatHttp } from './wechat-http'

let server: Server | undefined
let hits = 0

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve))
  server = undefined
})

/** A real HTTP server answering every request with `body` (status 200), counting the requests that reach it. */
async function serve(body: string): Promise<string> {
  hits = 0
  server = createServer((req, res) => {
    hits += 1
    req.resume()
    res.writeHead(200, { 'content-type': 'text/plain' }).end(body)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix/`
}

describe('wechat-http over the shared upstream exchange', () => {
  it('reads errcode as a number or a numeric string, whatever the content type', async () => {
    const http = createWechatHttp({ apiBase: await serve('{"errcode":"40029","errmsg":"invalid code"}'), timeoutMs: 2000 })
    expect(await http('/sns/jscode2session', { method: 'GET', query: { js_code: 'x' } })).toMatchObject({ ok: true, errcode: 40029 })
  })

  it('counts an answer over the size cap as not_json, with no status', async () => {
    const http = createWechatHttp({ apiBase: await serve(`{"errcode":0,"pad":"${'x'.repeat(100 * 1024)}"}`), timeoutMs: 2000 })
    const reply = await http('/cgi-bin/stable_token', { method: 'POST', body: { appid: 'a' } })
    expect(reply).toMatchObject({ ok: false, reason: 'not_json' })
    expect(reply).not.toHaveProperty('status')
  })

  it('sends nothing when the request deadline left no time', async () => {
    const http = createWechatHttp({ apiBase: await serve('{"errcode":0}'), timeoutMs: 2000 })
    expect(await http('/sns/jscode2session', { method: 'GET', timeoutMs: 0 })).toEqual({ ok: false, reason: 'timeout', durationMs: 0 })
    expect(hits).toBe(0)
  })
})
