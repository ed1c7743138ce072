import { createPrivateKey, type KeyObject } from 'node:crypto'
import type { Clock } from '../../clock'
import type { Logger } from '../../logger'
import type { TokenStore } from '../token-store'
import { ApiError } from '../../api-error'
import type { PlatformApp } from '../platform'
import { createUpstreamHttp } from '../upstream/upstream-http'
import { createPlatformStats } from '../upstream/upstream-stats'
import { createClientToken } from './client-token'
import { douyinUrls } from './douyin-api'
import { DOUYIN_ENDPOINTS } from './douyin-errors'
import { createJscode2Session } from './jscode2session'
import { createDouyinPhoneNumber } from './phone-number'

export interface DouyinAppConfig {
  appid: string
  secret: string
  /** PEM (PKCS#1 or PKCS#8); its public half is the 应用公钥 set in Douyin's console. */
  privateKey: string
}

export interface DouyinAppDeps {
  /** DOUYIN_API_BASE: replaces the scheme and host of all three endpoints. */
  apiBase?: string
  /** Per upstream call (cut to the request's deadline when it has one). */
  timeoutMs: number
  clock: Clock
  logger?: Logger
  /** Where this app's client token and its refresh lock live (in-process, or Redis for several instances). */
  tokenStore: TokenStore
}

/** One Douyin mini program. Makes no call until asked; throws at once on a private key it cannot read. */
export function createDouyinApp(app: DouyinAppConfig, deps: DouyinAppDeps): PlatformApp {
  const privateKey = readPrivateKey(app)
  const urls = douyinUrls(deps.apiBase)
  const http = createUpstreamHttp()
  const stats = createPlatformStats('douyin', app.appid, DOUYIN_ENDPOINTS, deps.logger)
  const common = { http, clock: deps.clock, stats, timeoutMs: deps.timeoutMs }
  const tokens = createClientToken({ ...common, appid: app.appid, secret: app.secret, url: urls.token, store: deps.tokenStore })
  const identify = createJscode2Session({ ...common, appid: app.appid, secret: app.secret, url: urls.jscode2session })
  const phone = createDouyinPhoneNumber({ ...common, appid: app.appid, url: urls.get_phonenumber_info, tokens, privateKey })

  return {
    platform: 'douyin',
    appid: app.appid,
    identify,
    async phoneNumber(proof, ctx) {
      if (proof.kind !== 'code') throw new ApiError('VALIDATION_FAILED', 'phoneCode: required for a Douyin app.')
      return phone(proof.code, ctx)
    },
    stats: stats.snapshot,
  }
}

function readPrivateKey(app: DouyinAppConfig): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey(app.privateKey)
  } catch {
    throw new Error(`douyin app ${app.appid}: privateKey is not a PEM private key`)
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`douyin app ${app.appid}: privateKey must be an RSA key`)
  return key
}
