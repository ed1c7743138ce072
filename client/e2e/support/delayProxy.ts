import type { Server } from 'node:http'
import { createServer, request } from 'node:http'

/**
 * A slow network in front of the real BFF: requests whose path is in `delays` are held that many
 * ms before they are forwarded; everything else passes straight through. Answers are the BFF's own.
 */
export async function startDelayProxy(target: string, delays: Record<string, number>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      setTimeout(() => {
        const upstream = request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        })
        upstream.on('error', () => res.writeHead(502).end())
        upstream.end(Buffer.concat(chunks))
      }, delays[path] ?? 0)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
