import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createMockWechat, type MockWechat, type MockWechatOptions } from './mock-wechat'
import { createMockWechatHost } from './mock-wechat-host'

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
  const served = await serveMock(mock.app.fetch, () => mock.releaseHung(), opts)
  return { ...served, mock }
}

export interface RunningMockWechatHost {
  url: string
  close(): Promise<void>
  /** Each app's mock, by appid. */
  apps: Record<string, MockWechat>
}

/** Several apps' mocks behind one WeChat API host, on a real port (see mock-wechat-host.ts). */
export async function startMockWechatHost(
  apps: readonly { appid: string; secret: string }[],
  opts: Omit<MockWechatOptions, 'appid' | 'secret'> & { port?: number; host?: string } = {},
): Promise<RunningMockWechatHost> {
  const host = createMockWechatHost(apps, opts)
  const served = await serveMock(host.app.fetch, () => Object.values(host.apps).forEach((mock) => mock.releaseHung()), opts)
  return { ...served, apps: host.apps }
}

async function serveMock(
  fetch: (request: Request) => Response | Promise<Response>,
  releaseHung: () => void,
  opts: { port?: number; host?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1'
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s as Server))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  let closing: Promise<void> | undefined
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve, reject) => {
      // Hung ('timeout') requests would keep the server open forever.
      releaseHung()
      server.close((err) => (err ? reject(err) : resolve()))
      server.closeAllConnections()
    })
    return closing
  }

  return { url, close }
}
