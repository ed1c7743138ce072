// The lean hand-written comparison for GET /api/me and GET /api/auth/verify: the least a server answering the
// contract can do for them on this machine. Same algorithm as the BFF (an ES256 JWT checked with node:crypto
// against the one accepted header), the BFF's own SELECT word for word (the account with its identities, one row
// each, on the session) on the BFF's SQLite file (opened read-only while the BFF runs), and the answers the
// contract asks for: the whole User (identities included) and `Cache-Control: no-store` on /api/*. Nothing
// else: no logging, no request id, no security headers, no CORS, no error envelope, no middleware.
//   LEAN_DB=<BFF's DATA_DIR>/wx-phone-login.sqlite  LEAN_PUBLIC_KEY=<PEM>  PORT=0
import { createHash, createPublicKey, verify } from 'node:crypto'
import { serve } from '@hono/node-server'
import Sqlite from 'better-sqlite3'
import { Hono } from 'hono'
import { IN_SESSION } from '../src/accounts/accounts'

const publicKey = createPublicKey(process.env.LEAN_PUBLIC_KEY!)
const jwk = publicKey.export({ format: 'jwk' })
// RFC 7638 thumbprint, as the BFF derives it.
const kid = createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url')
const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid, typ: 'JWT' })).toString('base64url')

const db = new Sqlite(process.env.LEAN_DB!, { readonly: true })
const inSession = db.prepare(IN_SESSION.text)

interface Row {
  id: string; country_code: string; pure_phone: string; nickname: string; avatar_url: string; created_at: string
  identity_platform: string | null; identity_app: string | null
}

function signedIn(authorization: string | undefined): { claims: { sub: string; sid: string; app: string }; rows: Row[] } | undefined {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined
  if (!token) return undefined
  const [h, p, s] = token.split('.')
  if (h !== header || !p || !s) return undefined
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) return undefined
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { sub: string; sid: string; app: string; exp: number }
  if (claims.exp <= Date.now() / 1000) return undefined
  const rows = inSession.all(claims.sub, claims.sid) as Row[]
  return rows.length > 0 ? { claims, rows } : undefined
}

const NO_STORE = { 'Cache-Control': 'no-store' }

const app = new Hono()
app.get('/healthz', (c) => c.json({ ok: true }))
app.get('/api/me', (c) => {
  const found = signedIn(c.req.header('authorization'))
  if (!found) return c.json({ error: 'unauthorized' }, 401, NO_STORE)
  const [row] = found.rows
  const identities = found.rows.filter((r) => r.identity_platform !== null).map((r) => ({ platform: r.identity_platform!, app: r.identity_app! }))
  return c.json({
    id: row!.id, phone: `${row!.pure_phone.slice(0, 3)}****${row!.pure_phone.slice(-4)}`, countryCode: row!.country_code,
    nickname: row!.nickname, avatarUrl: row!.avatar_url, wechatLinked: identities.some((i) => i.platform === 'weixin'),
    createdAt: row!.created_at, identities,
  }, 200, NO_STORE)
})
app.get('/api/auth/verify', (c) => {
  const found = signedIn(c.req.header('authorization'))
  if (!found) return c.json({ error: 'unauthorized' }, 401, NO_STORE)
  return c.body(null, 204, { ...NO_STORE, 'X-User-Id': found.claims.sub, 'X-Session-Id': found.claims.sid, 'X-App': found.claims.app })
})

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
