import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, tempDir, type TestBff } from './support/bff'
import { signIn } from './support/flows'
import { request } from './support/http'
import { nginxInstalled, type RunningNginx, startNginx } from './support/nginx'
import { newPhone } from '../testing/phones'

// In CI nginx must be there (.ci/run installs it); only a developer's machine without it may skip.
const skip = !nginxInstalled() && !process.env.CI
if (skip) console.log('[skip] forward-auth e2e: /usr/sbin/nginx is not installed (apt-get install nginx)')

/** The "team's service": answers with the headers it was given, so the test sees what nginx passed on. */
function startUpstream(): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0
  const server = createServer((req, res) => {
    hits += 1
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ path: req.url, headers: req.headers }))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits })
  }))
}

describe.skipIf(skip)('nginx auth_request in front of a service, with GET /api/auth/verify', () => {
  const dir = tempDir('bff-nginx-')
  let bff: TestBff
  let upstream: Awaited<ReturnType<typeof startUpstream>>
  let nginx: RunningNginx

  beforeAll(async () => {
    bff = await startTestBff()
    upstream = await startUpstream()
    // The snippet of docs/production.md, pointed at the test's ports.
    nginx = await startNginx(dir.path, `
    location = /_auth {
      internal;
      proxy_pass ${bff.url}/api/auth/verify;
      proxy_method GET;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
    }
    location /orders/ {
      auth_request /_auth;
      auth_request_set $user_id $upstream_http_x_user_id;
      auth_request_set $session_id $upstream_http_x_session_id;
      auth_request_set $app $upstream_http_x_app;
      proxy_set_header X-User-Id $user_id;
      proxy_set_header X-Session-Id $session_id;
      proxy_set_header X-App $app;
      proxy_pass ${upstream.url};
    }`)
  })
  afterAll(async () => {
    await nginx?.close()
    await new Promise((resolve) => upstream?.server.close(resolve))
    await bff?.dispose()
    dir.remove()
  })

  const throughNginx = (token: string | undefined, headers: Record<string, string> = {}) =>
    request<{ path: string; headers: IncomingHttpHeaders }>(`${nginx.url}/orders/42`, {
      method: 'POST', rawBody: '{"qty":1}', headers: { ...headers, 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    })

  it('lets a signed-in request through to the service with its user id; stops it once the session is revoked', async () => {
    const phone = newPhone()
    const device = await signIn(bff, phone)
    const other = await signIn(bff, phone)

    // A client's own X-User-Id is replaced by the one the BFF vouched for.
    const allowed = await throughNginx(device.accessToken, { 'x-user-id': 'someone-else' })
    expect(allowed.status, nginx.errors()).toBe(200)
    expect(allowed.body.path).toBe('/orders/42')
    expect(allowed.body.headers).toMatchObject({ 'x-user-id': device.user.id, 'x-session-id': expect.any(String), 'x-app': expect.any(String) })

    const sid = allowed.body.headers['x-session-id'] as string
    expect((await request(`${bff.url}/api/me/sessions/${sid}/revoke`, { method: 'POST', token: other.accessToken })).status).toBe(204)
    const hits = upstream.hits()
    expect((await throughNginx(device.accessToken)).status).toBe(401)
    expect(upstream.hits()).toBe(hits)
    expect((await throughNginx(other.accessToken)).status).toBe(200)
  })

  it('stops a request without a token, or with garbage, before the service sees it', async () => {
    const hits = upstream.hits()
    expect((await throughNginx(undefined)).status).toBe(401)
    expect((await throughNginx('garbage')).status).toBe(401)
    expect(upstream.hits()).toBe(hits)
  })
})
