import { createServer, type Server, type Socket, connect } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface TcpProxy {
  /** The port the proxy listens on (kept across stop/start, so clients reconnect to the same address). */
  port: number
  /** Refuse new connections and cut the open ones: to its clients the service is down. */
  stop(): Promise<void>
  /** Listen again on the same port: the service is back. */
  start(): Promise<void>
  /**
   * Go silent without closing anything: bytes stop flowing both ways on open connections, and new ones are
   * accepted but never reach the service (a network black hole, a frozen host). `thaw()` ends it.
   */
  freeze(): void
  thaw(): void
}

/**
 * A TCP forwarder to a real service (Redis, PostgreSQL) that a test can take down and bring back, to fault
 * the service as its clients see it without touching the machine's own server.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0
  let frozen = false

  function track(socket: Socket): void {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }

  async function start(): Promise<void> {
    if (server) return
    const s = createServer((client) => {
      const upstream = connect(target.port, target.host)
      track(client)
      track(upstream)
      client.on('error', () => upstream.destroy())
      upstream.on('error', () => client.destroy())
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
      // Bytes pass only while not frozen; frozen ones are dropped, as a black hole would.
      client.on('data', (chunk: Buffer) => { if (!frozen) upstream.write(chunk) })
      upstream.on('data', (chunk: Buffer) => { if (!frozen) client.write(chunk) })
    })
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject)
        resolve()
      })
    })
    port = (s.address() as AddressInfo).port
    server = s
  }

  async function stop(): Promise<void> {
    const s = server
    if (!s) return
    server = undefined
    const closed = new Promise<void>((resolve) => s.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }

  await start()
  return {
    get port() {
      return port
    },
    stop,
    start,
    freeze: () => { frozen = true },
    thaw: () => { frozen = false },
  }
}
