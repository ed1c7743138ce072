import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError, createAuthApi, createHealthApi, createHttp, createMeApi, createUniFetch } from '@/api'
import { userMessageFor } from '@/content/messages'
import { bffUrl, launchApp, signedIn } from './helpers'
import { installUni } from './uniRuntime'

const runtime = installUni(bffUrl)
beforeEach(() => runtime.reset())

function apiAt(baseURL: string) {
  const http = createHttp({ baseURL, fetch: createUniFetch((o) => uni.request(o)) })
  return { auth: createAuthApi(http), health: createHealthApi(http), me: createMeApi(http) }
}

/** Runs `fn` with the globals the mini program does not have removed. */
async function withoutWebGlobals<T>(fn: () => Promise<T>): Promise<T> {
  const names = ['fetch', 'Headers', 'Request', 'Response', 'AbortController', 'FormData', 'URLSearchParams'] as const
  const saved = names.map((name) => Object.getOwnPropertyDescriptor(globalThis, name))
  for (const name of names) delete (globalThis as Record<string, unknown>)[name]
  try {
    for (const name of names) expect(typeof (globalThis as Record<string, unknown>)[name]).toBe('undefined')
    return await fn()
  } finally {
    names.forEach((name, i) => saved[i] && Object.defineProperty(globalThis, name, saved[i]))
  }
}

describe('API layer against the real BFF', () => {
  it('works with no fetch, Headers, AbortController, FormData or URLSearchParams, as on mp-weixin', async () => {
    await withoutWebGlobals(async () => {
      const { auth } = await signedIn()
      expect((await auth.loadMe()).id).toBe(auth.user?.id)
      await auth.logout()
      expect(auth.isLoggedIn).toBe(false)
    })
  })

  it('answers /healthz', async () => {
    await expect(apiAt(bffUrl).health.check()).resolves.toEqual({ ok: true })
  })

  it('turns the error envelope into a typed error with a Chinese message', async () => {
    const api = apiAt(bffUrl)
    const invalid = await api.auth.phoneLogin({ phoneCode: '' }).catch((e: unknown) => e)
    expect(invalid).toBeInstanceOf(ApiError)
    expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, userMessage: '请求有误，请重试' })

    await expect(api.auth.silentLogin({ loginCode: 'never-issued' }))
      .rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID', status: 400, userMessage: '微信登录失效，请重试' })
    await expect(api.auth.refresh({ refreshToken: 'never-issued' }))
      .rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID', status: 401 })
  })

  it('refuses an authorized call while signed out without touching the network', async () => {
    const auth = launchApp()
    await expect(auth.loadMe()).rejects.toMatchObject({ code: 'UNAUTHORIZED', userMessage: '登录已失效，请重新登录' })
    expect(runtime.requests).toEqual([])
  })

  it('reports an unreachable BFF as NETWORK_ERROR', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const { port } = closed.address() as AddressInfo
    await new Promise((r) => closed.close(r))
    await expect(apiAt(`http://127.0.0.1:${port}`).health.check())
      .rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0, userMessage: '网络不给力，请稍后再试' })
  })

  it('reports what is not the contract (a gateway\'s HTML error page, a 200 that is not JSON) as BAD_RESPONSE', async () => {
    // Stands for a load balancer in front of the BFF, not for the BFF.
    const gateway = createServer((req, res) => {
      if (req.url === '/healthz') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>portal</html>')
      else res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>')
    })
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r))
    try {
      const api = apiAt(`http://127.0.0.1:${(gateway.address() as AddressInfo).port}`)
      await expect(api.auth.silentLogin({ loginCode: 'x' })).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 502, userMessage: '服务开小差了，请稍后再试' })
      await expect(api.health.check()).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 200 })
    } finally {
      await new Promise((r) => gateway.close(r))
    }
  })

  it('gives up on a request that hangs after timeoutMs, aborting it (no AbortController needed)', async () => {
    const sockets = new Set<Socket>()
    const silent = createServer(() => { /* never answers */ })
    silent.on('connection', (socket) => sockets.add(socket))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    try {
      const http = createHttp({
        baseURL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        fetch: createUniFetch((o) => uni.request(o)),
        timeoutMs: 150,
      })
      const started = Date.now()
      await withoutWebGlobals(() => expect(createHealthApi(http).check()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 }))
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((r) => silent.close(r))
    }
  })

  it('words RATE_LIMITED with the wait from Retry-After', () => {
    expect(userMessageFor('RATE_LIMITED', 30)).toBe('操作太频繁，请30秒后再试')
    expect(userMessageFor('RATE_LIMITED')).toBe('操作太频繁，请稍后再试')
  })
})
