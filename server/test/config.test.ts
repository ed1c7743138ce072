import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { calculateJwkThumbprint } from 'jose'
import { BFF_ENV_VARS } from 'shared/env-vars'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_WECHAT_API_BASE, DEV_WECHAT_APPID, loadConfig } from '../src/config'
import { AUTH_SIGNING_KEYS, newSigningKey, tempDir } from './support/bff'

const dir = tempDir('bff-config-')
afterAll(() => dir.remove())
const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const p384Key = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const prod = { NODE_ENV: 'production', WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'secret', AUTH_SIGNING_KEYS, DATA_DIR: dir.path }

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const config = loadConfig(prod)
    expect(config).toMatchObject({
      production: true,
      devMode: false,
      host: '127.0.0.1',
      port: 8787,
      apps: [{ platform: 'weixin', appid: 'wxappid', secret: 'secret', apiBase: DEFAULT_WECHAT_API_BASE, prices: { quickFen: 3, realtimeFen: 4 } }],
      upstreamTimeoutMs: 5000,
      accessTokenTtl: 900,
      refreshTokenTtl: 2_592_000,
      databaseUrl: undefined,
      redisUrl: undefined,
      redisKeyPrefix: 'wxpl:',
      authRateLimit: 60,
      corsOrigins: [],
      trustProxy: false,
    })
  })

  it('reads every variable', () => {
    const config = loadConfig({
      ...prod, PORT: '9000', HOST: '0.0.0.0', WECHAT_API_BASE: 'https://wechat.internal:8080/', WECHAT_TIMEOUT_MS: '2500',
      RECYCLED_AFTER_DAYS: '0', PHONE_CHANGE_LIMIT: '2', PHONE_LOGIN_LIMIT: '3', REFRESH_RATE_LIMIT: '40', REQUEST_DEADLINE_MS: '8000',
      METRICS_TOKEN: 'metrics-token', REFRESH_REUSE_WINDOW: '600',
      ACCESS_TOKEN_TTL: '60', REFRESH_TOKEN_TTL: '3600', DATABASE_URL: 'postgres://u@db/app', REDIS_URL: 'redis://cache:6379',
      REDIS_KEY_PREFIX: 'shop-a:', AUTH_RATE_LIMIT: '5', CORS_ORIGINS: 'https://a.example, https://b.example/', TRUST_PROXY: '1', LOG_LEVEL: 'warn',
    })
    expect(config).toMatchObject({
      port: 9000, host: '0.0.0.0', apps: [{ apiBase: 'https://wechat.internal:8080' }], upstreamTimeoutMs: 2500,
      security: {
        recycledAfterDays: 0, phoneChangeLimit: 2, phoneLoginLimit: 3, refreshRateLimit: 40, requestDeadlineMs: 8000,
        metricsToken: 'metrics-token', refreshReuseWindow: 600,
      },
      accessTokenTtl: 60, refreshTokenTtl: 3600, databaseUrl: 'postgres://u@db/app', redisUrl: 'redis://cache:6379',
      redisKeyPrefix: 'shop-a:', authRateLimit: 5, corsOrigins: ['https://a.example', 'https://b.example'], trustProxy: true, logLevel: 'warn',
    })
  })

  it.each([
    [{ NODE_ENV: 'production' }, /WECHAT_APPID, WECHAT_SECRET, AUTH_SIGNING_KEYS/],
    [{ ...prod, AUTH_SIGNING_KEYS: '' }, /requires AUTH_SIGNING_KEYS/],
    [{ ...prod, AUTH_SIGNING_KEYS: 'x'.repeat(31) }, /AUTH_SIGNING_KEYS holds no PKCS#8 PEM private key/],
    [{ ...prod, AUTH_SIGNING_KEYS: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, /key 1 is not a readable PKCS#8 PEM private key/],
    [{ ...prod, AUTH_SIGNING_KEYS: rsaKey }, /must be an EC P-256 \(ES256\) or Ed25519 \(EdDSA\) key, not rsa/],
    [{ ...prod, AUTH_SIGNING_KEYS: p384Key }, /must be an EC P-256 \(ES256\) or Ed25519 \(EdDSA\) key, not ec P-384/],
    [{ ...prod, AUTH_SIGNING_KEYS: `${AUTH_SIGNING_KEYS}${AUTH_SIGNING_KEYS}` }, /lists the same key twice/],
    [{ ...prod, AUTH_SIGNING_KEYS: '$KEY_A,$KEY_B', KEY_A: AUTH_SIGNING_KEYS }, /names \$KEY_B, which is unset/],
    [{ ...prod, AUTH_SIGNING_KEYS: '$KEY_A,KEY_B', KEY_A: AUTH_SIGNING_KEYS }, /item 2 is not a \$NAME reference/],
    [{ WECHAT_SECRET: 's', DATA_DIR: dir.path }, /WECHAT_SECRET is set but WECHAT_APPID is not/],
    [{ WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'secret', DATA_DIR: dir.path }, /AUTH_SIGNING_KEYS is required whenever WECHAT_APPID\/WECHAT_SECRET \(or APPS_FILE\) are set/],
    [{ NODE_ENV: 'test', WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'secret', DATA_DIR: dir.path }, /AUTH_SIGNING_KEYS is required/],
    [{ ...prod, PORT: 'eighty' }, /PORT must be a whole number/],
    [{ ...prod, ACCESS_TOKEN_TTL: '0' }, /ACCESS_TOKEN_TTL/],
    [{ ...prod, AUTH_RATE_LIMIT: '-1' }, /AUTH_RATE_LIMIT/],
    [{ ...prod, WECHAT_API_BASE: 'api.weixin.qq.com' }, /WECHAT_API_BASE must be an http\(s\) URL/],
    [{ ...prod, DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ URL/],
    [{ ...prod, TRUST_PROXY: 'yes' }, /TRUST_PROXY must be 1/],
    [{ ...prod, REDIS_URL: 'cache:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ ...prod, REDIS_KEY_PREFIX: 'has space' }, /REDIS_KEY_PREFIX must be/],
    // Fail safe (contract: "Account security").
    [{ NODE_ENV: 'prod', DATA_DIR: dir.path }, /NODE_ENV must be production, development or test/],
    [{ ...prod, NODE_ENV: 'staging' }, /NODE_ENV must be production, development or test/],
    [{ NODE_ENV: 'test', DATA_DIR: dir.path }, /NODE_ENV=test without WECHAT_APPID and WECHAT_SECRET/],
    [{ DATA_DIR: dir.path, HOST: '0.0.0.0' }, /dev mode .* loopback HOST, got "0.0.0.0"/],
    [{ NODE_ENV: 'development', DATA_DIR: dir.path, HOST: '192.168.1.20' }, /dev mode .* loopback HOST/],
    [{ NODE_ENV: 'development', WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'secret', DATA_DIR: dir.path }, /AUTH_SIGNING_KEYS is required/],
    [{ ...prod, WECHAT_API_BASE: 'http://wechat.internal:8080' }, /WECHAT_API_BASE to be https:\/\//],
    [{ ...prod, HOST: '0.0.0.0' }, /requires METRICS_TOKEN/],
    [{ ...prod, RECYCLED_AFTER_DAYS: '-1' }, /RECYCLED_AFTER_DAYS/],
    [{ ...prod, PHONE_CHANGE_LIMIT: '0' }, /PHONE_CHANGE_LIMIT/],
    [{ ...prod, PHONE_LOGIN_LIMIT: 'ten' }, /PHONE_LOGIN_LIMIT/],
    [{ ...prod, REFRESH_RATE_LIMIT: '0' }, /REFRESH_RATE_LIMIT/],
    [{ ...prod, REQUEST_DEADLINE_MS: '10' }, /REQUEST_DEADLINE_MS/],
    [{ ...prod, REFRESH_REUSE_WINDOW: '0' }, /REFRESH_REUSE_WINDOW/],
  ])('refuses %o with one line saying why', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError)
    expect(() => loadConfig(env)).toThrowError(message)
    try {
      loadConfig(env)
    } catch (err) {
      expect((err as Error).message).not.toContain('\n')
    }
  })

  it('without credentials outside production: dev mode, the built-in mock, a dev signing key kept in DATA_DIR (0600)', () => {
    const devDir = join(dir.path, 'dev')
    const config = loadConfig({ DATA_DIR: devDir })
    expect(config).toMatchObject({ production: false, devMode: true, apps: [{ platform: 'weixin', appid: DEV_WECHAT_APPID, apiBase: undefined }], corsOrigins: 'localhost' })
    expect(config.signingKeys.map((key) => key.alg)).toEqual(['ES256'])
    const file = join(devDir, 'signing-key.pem')
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(loadConfig({ DATA_DIR: devDir }).signingKeys[0]!.kid).toBe(config.signingKeys[0]!.kid)
  })

  it('reads AUTH_SIGNING_KEYS as PEM keys one after another or as $NAME references, in order; kid is the RFC 7638 thumbprint', async () => {
    const ed = newSigningKey('ed25519')
    const inline = loadConfig({ ...prod, AUTH_SIGNING_KEYS: `${ed}\n${AUTH_SIGNING_KEYS}` })
    expect(inline.signingKeys.map((key) => key.alg)).toEqual(['EdDSA', 'ES256'])
    const refs = loadConfig({ ...prod, AUTH_SIGNING_KEYS: '$NEW_KEY, $OLD_KEY', NEW_KEY: AUTH_SIGNING_KEYS, OLD_KEY: ed.replace(/\n/g, '\\n') })
    expect(refs.signingKeys.map((key) => key.kid)).toEqual([...inline.signingKeys].reverse().map((key) => key.kid))
    // jose computes RFC 7638 thumbprints on its own.
    for (const key of refs.signingKeys) expect(key.kid).toBe(await calculateJwkThumbprint(key.jwk, 'sha256'))
    expect(inline).toMatchObject({ issuer: 'wx-phone-login', audience: 'api' })
    expect(loadConfig({ ...prod, AUTH_ISSUER: 'https://login.example.com', AUTH_AUDIENCE: 'orders' })).toMatchObject({ issuer: 'https://login.example.com', audience: 'orders' })
  })

  it('applies the account-security defaults', () => {
    expect(loadConfig(prod).security).toEqual({
      recycledAfterDays: 90, phoneChangeLimit: 5, phoneLoginLimit: 10, refreshRateLimit: 600, requestDeadlineMs: 10_000,
      metricsToken: undefined, refreshReuseWindow: 86_400,
    })
  })

  it('runs dev mode only when unmistakably meant, and takes what production may', () => {
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dir.path, HOST: 'localhost' }).devMode).toBe(true)
    expect(loadConfig({ DATA_DIR: dir.path, HOST: '::1' }).devMode).toBe(true)
    // Credentials with any NODE_ENV (or none): not dev mode, and the signing keys taken as given.
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const config = loadConfig({ NODE_ENV, WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'secret', AUTH_SIGNING_KEYS, DATA_DIR: dir.path })
      expect(config.devMode).toBe(false)
      expect(config.signingKeys).toHaveLength(1)
    }
    // Production: plain HTTP only to a loopback egress proxy; a public HOST with a METRICS_TOKEN.
    expect(loadConfig({ ...prod, WECHAT_API_BASE: 'http://127.0.0.1:3128' }).apps[0]).toMatchObject({ apiBase: 'http://127.0.0.1:3128' })
    expect(loadConfig({ ...prod, WECHAT_API_BASE: 'http://[::1]:3128' }).apps[0]).toMatchObject({ apiBase: 'http://[::1]:3128' })
    expect(loadConfig({ ...prod, HOST: '0.0.0.0', METRICS_TOKEN: 'm' }).security.metricsToken).toBe('m')
  })

  it('in dev mode with WECHAT_API_BASE, calls that instead of serving the mock', () => {
    const config = loadConfig({ DATA_DIR: dir.path, WECHAT_API_BASE: 'http://127.0.0.1:9999' })
    expect(config.devMode).toBe(true)
    expect(config.apps).toMatchObject([{ platform: 'weixin', appid: DEV_WECHAT_APPID, apiBase: 'http://127.0.0.1:9999' }])
  })

  it('prefers an explicit AUTH_SIGNING_KEYS to the stored dev key, refuses a damaged stored one, and no longer reads AUTH_SECRET', () => {
    const damagedDir = join(dir.path, 'damaged')
    const explicit = loadConfig({ DATA_DIR: damagedDir, AUTH_SIGNING_KEYS })
    expect(explicit.signingKeys).toHaveLength(1)
    const dev = loadConfig({ DATA_DIR: damagedDir, AUTH_SECRET: 'a-pre-jwks-secret-of-at-least-32-bytes!!' })
    expect(dev.signingKeys[0]!.kid).not.toBe(explicit.signingKeys[0]!.kid)
    writeFileSync(join(damagedDir, 'signing-key.pem'), 'short')
    expect(() => loadConfig({ DATA_DIR: damagedDir })).toThrowError(/AUTH_SIGNING_KEYS is unset and the dev key in DATA_DIR is unusable: .*delete it/)
  })
})

describe('apps (APPS_FILE, WECHAT_APPID)', () => {
  const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'
  const PUBLIC_PEM = '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----'
  let n = 0
  const appsFile = (apps: unknown) => {
    n += 1
    const path = join(dir.path, `apps-${n}.json`)
    writeFileSync(path, JSON.stringify({ apps }))
    return path
  }
  const withFile = (apps: unknown, env: Record<string, string> = {}) => ({ ...prod, WECHAT_APPID: '', WECHAT_SECRET: '', APPS_FILE: appsFile(apps), ...env })

  it('reads every platform\'s app, "$NAME" values from the environment, per-app prices and the platform bases', () => {
    const config = loadConfig(withFile([
      { platform: 'weixin', appid: 'wxshop', secret: '$SHOP_SECRET' },
      { platform: 'weixin', appid: 'wxclub', secret: 'club', phonePriceFen: 5, realtimePriceFen: 6 },
      { platform: 'douyin', appid: 'ttshop', secret: '$TT_SECRET', privateKey: '$TT_KEY' },
      { platform: 'alipay', appid: '2021000000000001', privateKey: PEM, alipayPublicKey: PUBLIC_PEM, aesKey: 'c2l4dGVlbi1ieXRlLWtleQ==' },
    ], {
      SHOP_SECRET: 'shop-secret', TT_SECRET: 'tt-secret', TT_KEY: PEM.replace(/\n/g, '\\n'),
      DOUYIN_API_BASE: 'https://douyin.proxy.internal', ALIPAY_GATEWAY: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do', PHONE_PRICE_FEN: '2',
    }))
    expect(config.apps).toEqual([
      { platform: 'weixin', appid: 'wxshop', secret: 'shop-secret', apiBase: DEFAULT_WECHAT_API_BASE, prices: { quickFen: 2, realtimeFen: 4 } },
      { platform: 'weixin', appid: 'wxclub', secret: 'club', apiBase: DEFAULT_WECHAT_API_BASE, prices: { quickFen: 5, realtimeFen: 6 } },
      { platform: 'douyin', appid: 'ttshop', secret: 'tt-secret', privateKey: PEM, apiBase: 'https://douyin.proxy.internal', prices: { quickFen: 0, realtimeFen: 0 } },
      {
        platform: 'alipay', appid: '2021000000000001', privateKey: PEM, alipayPublicKey: PUBLIC_PEM, aesKey: 'c2l4dGVlbi1ieXRlLWtleQ==',
        gateway: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do', prices: { quickFen: 0, realtimeFen: 0 },
      },
    ])
    expect(config.devMode).toBe(false)
    // Several WeChat apps and no WECHAT_APPID: which one made the rows from before apps cannot be told.
    expect(config.legacyWeixinAppid).toBeUndefined()
  })

  it('combines the file with WECHAT_APPID (the single-app configuration), which owns the rows from before apps', () => {
    const config = loadConfig({ ...withFile([{ platform: 'weixin', appid: 'wxclub', secret: 'club' }]), WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'secret' })
    expect(config.apps.map((app) => app.appid)).toEqual(['wxclub', 'wxappid'])
    expect(config.legacyWeixinAppid).toBe('wxappid')
    expect(loadConfig(prod).apps).toEqual([{ platform: 'weixin', appid: 'wxappid', secret: 'secret', apiBase: DEFAULT_WECHAT_API_BASE, prices: { quickFen: 3, realtimeFen: 4 } }])
  })

  it.each([
    [[{ platform: 'weixin', appid: 'wxa', secret: 's' }, { platform: 'weixin', appid: 'wxa', secret: 't' }], {}, /appid wxa is configured twice/],
    [[{ platform: 'weixin', appid: 'wxappid', secret: 's' }], { WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'secret' }, /appid wxappid is configured twice/],
    [[{ platform: 'weixin', appid: 'wxa' }], {}, /APPS_FILE app #1 \(weixin wxa\): "secret" is missing/],
    [[{ platform: 'weixin', appid: 'wxa', secret: '$NOT_SET' }], {}, /app #1 \(weixin wxa\): "secret" reads \$NOT_SET, which is unset/],
    [[{ platform: 'douyin', appid: 'tt', secret: 's', privateKey: 'not a pem' }], {}, /app #1 \(douyin tt\): "privateKey" must be a PEM key/],
    [[{ platform: 'alipay', appid: '2021', privateKey: PEM, alipayPublicKey: PUBLIC_PEM, aesKey: 'not base64!' }], {}, /app #1 \(alipay 2021\): "aesKey" must be base64/],
    [[{ platform: 'alipay', appid: '2021', privateKey: PEM, alipayPublicKey: PUBLIC_PEM }], {}, /\(alipay 2021\): "aesKey" is missing/],
    [[{ platform: 'weixin', appid: 'wxa', secret: 's', phonePriceFen: -1 }], {}, /\(weixin wxa\): "phonePriceFen" must be a whole number/],
    [[{ platform: 'weixin', appid: 'wxa', secret: 's', scret: 'typo' }], {}, /\(weixin wxa\): unknown field "scret"/],
    [[{ platform: 'qq', appid: 'q' }], {}, /app #1: "platform" must be "weixin", "douyin" or "alipay"/],
    [[], {}, /APPS_FILE lists no app/],
  ])('refuses an incomplete or malformed app, naming the app and the field (%#)', (apps, env, message) => {
    expect(() => loadConfig(withFile(apps, env))).toThrowError(ConfigError)
    expect(() => loadConfig(withFile(apps, env))).toThrowError(message)
  })

  it('refuses an APPS_FILE that is missing or not { "apps": [...] }', () => {
    expect(() => loadConfig({ ...prod, APPS_FILE: join(dir.path, 'none.json') })).toThrowError(/APPS_FILE .*none\.json cannot be read \(ENOENT\)/)
    const notJson = join(dir.path, 'not.json')
    writeFileSync(notJson, '{ apps: ')
    expect(() => loadConfig({ ...prod, APPS_FILE: notJson })).toThrowError(/is not JSON/)
    const wrongShape = join(dir.path, 'shape.json')
    writeFileSync(wrongShape, '[]')
    expect(() => loadConfig({ ...prod, APPS_FILE: wrongShape })).toThrowError(/must be \{ "apps": \[ … \] \}/)
  })

  it('in production, every platform base must be https (or http to a loopback proxy)', () => {
    expect(() => loadConfig({ ...prod, DOUYIN_API_BASE: 'http://douyin.example' })).toThrowError(/DOUYIN_API_BASE/)
    expect(() => loadConfig({ ...prod, ALIPAY_GATEWAY: 'http://alipay.example/gateway.do' })).toThrowError(/ALIPAY_GATEWAY/)
  })
})

describe('the list of the BFF\'s environment variables (shared/env-vars.ts)', () => {
  it('is exactly what loadConfig reads', () => {
    const read = new Set<string>()
    const env = new Proxy<Record<string, string | undefined>>({}, {
      get(_target, name) {
        if (typeof name === 'string') read.add(name)
        // A DATA_DIR of its own: dev mode writes its generated signing key there.
        return name === 'DATA_DIR' ? dir.path : undefined
      },
    })
    loadConfig(env)
    expect([...read].sort()).toEqual([...BFF_ENV_VARS].sort())
  })
})
