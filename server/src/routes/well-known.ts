import { Hono, type Context } from 'hono'
import type { AppDeps } from '../app-deps'
import { type AppEnv, headerOf } from '../http/app-env'

/**
 * How long verifiers may cache the key set. Rotation waits this out between publishing a new key and
 * signing with it (docs/production.md), so it stays short.
 */
export const JWKS_MAX_AGE_SECONDS = 300

const JWKS_PATH = '/.well-known/jwks.json'

/** The public half of every signing key, and enough OpenID discovery for libraries that start from `iss`. */
export function wellKnownRoutes({ config }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const cache = { 'Cache-Control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` }
  const jwks = { keys: config.signingKeys.map((key) => key.jwk) }
  const algs = [...new Set(config.signingKeys.map((key) => key.alg))]

  app.get(JWKS_PATH, (c) => c.json(jwks, 200, cache))

  app.get('/.well-known/openid-configuration', (c) => c.json({
    issuer: config.issuer,
    jwks_uri: new URL(JWKS_PATH, publicOrigin(c, config.issuer, config.trustProxy)).href,
    id_token_signing_alg_values_supported: algs,
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
  }, 200, cache))

  return app
}

/**
 * Where the key set is reachable from outside: the issuer when it is an http(s) origin (set AUTH_ISSUER to the
 * BFF's public origin), else the origin this request came to (through the proxy's X-Forwarded-* when trusted).
 */
function publicOrigin(c: Context<AppEnv>, issuer: string, trustProxy: boolean): string {
  if (/^https?:\/\//.test(issuer)) return issuer.endsWith('/') ? issuer : `${issuer}/`
  const url = new URL(c.req.url)
  if (trustProxy) {
    const proto = headerOf(c, 'x-forwarded-proto')?.split(',')[0]?.trim()
    const host = headerOf(c, 'x-forwarded-host')?.split(',')[0]?.trim()
    if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`
    if (host) url.host = host
  }
  return url.origin
}
