import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'

export interface RunningMock<M> {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string
  mock: M
  close(): Promise<void>
}

/** Serves a mock platform on a real port (an ephemeral one by default), for tests and tools. */
export async function serveMock<M extends { app: { fetch: Parameters<typeof serve>[0]['fetch'] }; releaseHung(): void }>(
  mock: M,
  opts: { port?: number; host?: string } = {},
): Promise<RunningMock<M>> {
  const host = opts.host ?? '127.0.0.1'
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: mock.app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s as Server))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    mock,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        mock.releaseHung()
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      })
      return closing
    },
  }
}
