import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, type TestBff } from './support/bff'
import { request } from './support/http'

// Short limits so the test runs in seconds; production's are in HTTP_LIMITS (server.ts).
const LIMITS = { headersTimeoutMs: 1000, requestTimeoutMs: 1500, keepAliveTimeoutMs: 1000, checkIntervalMs: 200 }

let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff({ overrides: { http: LIMITS } })
})
afterAll(() => bff.dispose())

/** A client that sends `first`, then one more byte every `everyMs`, and notes when the server closes it. */
function dribble(url: string, first: string, next: string, everyMs: number) {
  const { hostname, port } = new URL(url)
  const socket: Socket = connect(Number(port), hostname)
  let closedAt: number | undefined
  let answer = ''
  socket.on('data', (chunk: Buffer) => { answer += chunk.toString() })
  socket.on('error', () => undefined)
  socket.on('close', () => { closedAt = performance.now() })
  socket.write(first)
  const timer = setInterval(() => { if (!socket.destroyed) socket.write(next) }, everyMs)
  return {
    closed: () => closedAt !== undefined,
    answer: () => answer,
    stop: () => { clearInterval(timer); socket.destroy() },
  }
}

describe('slow or silent clients', () => {
  it('cannot hold connections by dribbling headers: every one is closed after the headers timeout, others are served meanwhile', async () => {
    const slow = Array.from({ length: 100 }, () => dribble(bff.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X', 300))
    try {
      // Served while the slow ones hang on.
      expect((await request(`${bff.url}/healthz`)).status).toBe(200)
      expect(slow.some((client) => client.closed())).toBe(false)
      await new Promise((resolve) => setTimeout(resolve, LIMITS.headersTimeoutMs + 3 * LIMITS.checkIntervalMs + 500))
      expect(slow.filter((client) => !client.closed())).toHaveLength(0)
      expect(slow[0]!.answer()).toMatch(/^HTTP\/1\.1 408/)
    } finally {
      for (const client of slow) client.stop()
    }
  })

  it('cannot hold a connection by dribbling a body: closed after the request timeout, nothing handled', async () => {
    const head = 'POST /api/auth/refresh HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{'
    const slow = Array.from({ length: 20 }, () => dribble(bff.url, head, ' ', 300))
    try {
      await new Promise((resolve) => setTimeout(resolve, LIMITS.requestTimeoutMs + 3 * LIMITS.checkIntervalMs + 500))
      expect(slow.filter((client) => !client.closed())).toHaveLength(0)
      expect((await request(`${bff.url}/healthz`)).status).toBe(200)
    } finally {
      for (const client of slow) client.stop()
    }
  })

  it('closes a connection that opens and says nothing', async () => {
    const silent = Array.from({ length: 20 }, () => dribble(bff.url, '', '', 60_000))
    try {
      await new Promise((resolve) => setTimeout(resolve, LIMITS.headersTimeoutMs + LIMITS.keepAliveTimeoutMs + 3 * LIMITS.checkIntervalMs + 500))
      expect(silent.filter((client) => !client.closed())).toHaveLength(0)
    } finally {
      for (const client of silent) client.stop()
    }
  })
})
