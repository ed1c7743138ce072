import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createMockWechat, type MockWechat, type MockWechatOptions } from './mock-wechat'

export interface RunningMockWechat {
  /** Base URL, e.g. `http://127.0.0.1:41234`: use it as WECHAT_API_BASE. */
  url: string
  close(): Promise<void>
  mock: MockWechat
}

/** Serves the mock on a real port (an ephemeral one by default). */
export async function startMockWechat(
  opts: MockWechatOptions & { port?: number; host?: string },
): Promise<RunningMockWechat> {
  const mock = createMockWechat(opts)
  const host = opts.host ?? '127.0.0.1'
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: mock.app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s as Server))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  let closing: Promise<void> | undefined
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve, reject) => {
      // Hung ('timeout') requests would keep the server open forever.
      mock.releaseHung()
      server.close((err) => (err ? reject(err) : resolve()))
      server.closeAllConnections()
    })
    return closing
  }

  return { url, close, mock }
}
