// The baseline: a bare Hono app on @hono/node-server that answers a constant JSON, started the way the BFF is
// (its own Node process, through tsx), so every BFF figure can be read as a ratio to it.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.get('/', (c) => c.json({ hello: 'world' }))
app.get('/healthz', (c) => c.json({ ok: true }))

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
