/**
 * A small HTTP server on 127.0.0.1 that records what the app sends and answers as the contract says
 * (a Session for a phone login, "not registered" for a silent login): for the Douyin and Alipay e2e
 * runs, until the dev BFF accepts their bodies.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ROUTES } from 'shared'

export interface ReceivedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

export const SILENT_LOGIN = '/api/auth/silent-login'

/** A contract-shaped Session for `phone` (masked), on `platform`'s app `app`. */
function session(n: number, platform: string, app: unknown): unknown {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresIn: 900,
    user: {
      id: `user-${n}`, phone: '138****8000', countryCode: '86', nickname: '', avatarUrl: '',
      wechatLinked: false, createdAt: new Date(0).toISOString(), identities: [{ platform, app }],
    },
  }
}

export async function startRecordingBff(platform: 'douyin' | 'alipay') {
  const received: ReceivedRequest[] = []
  let sessions = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = text
      try {
        body = text ? JSON.parse(text) as unknown : undefined
      } catch { /* kept as text: the test sees what came */ }
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      received.push({ method: req.method ?? '', path, headers: req.headers, body })
      const answer = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const app = (body as { app?: unknown } | undefined)?.app
      if (req.method === 'POST' && path === ROUTES.phoneLogin) answer(200, session(++sessions, platform, app))
      else if (req.method === 'POST' && path === SILENT_LOGIN) answer(200, { registered: false })
      else if (req.method === 'GET' && path === ROUTES.me && /^Bearer access-\d+$/.test(req.headers.authorization ?? '')) {
        answer(200, (session(sessions, platform, undefined) as { user: unknown }).user)
      }
      else answer(404, { error: { code: 'NOT_FOUND', message: '接口不存在' } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
