import { isApiError } from '@/api/apiError'
import type { Http } from '@/api/http'
import { createDevPlatformApi } from './devPlatformApi'

const OPENID_KEY = 'wx-phone-login:dev-openid'

/**
 * Dev builds talk to the BFF's mock platform, which knows nothing of real `uni.login` codes, so login
 * codes are minted for one made-up openid per device (kept in storage, so this device is a
 * "returning user" next time). A BFF without dev routes (real credentials) gets real codes instead.
 */
export function createDevLoginCodeSource(options: {
  /** The app's HTTP client (these routes need no token). */
  http: Http
  storage: { get(key: string): unknown; set(key: string, value: string): void }
  fallback: () => Promise<string>
}): () => Promise<string> {
  const dev = createDevPlatformApi(options.http)
  return async () => {
    let openid = options.storage.get(OPENID_KEY)
    if (typeof openid !== 'string' || !/^[\w-]{1,128}$/.test(openid)) {
      openid = `dev_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
      options.storage.set(OPENID_KEY, openid as string)
    }
    try {
      return (await dev.loginCode({ openid: openid as string })).code
    } catch (error) {
      // 404: this BFF has real credentials and no dev routes.
      if (isApiError(error) && error.status === 404) return options.fallback()
      throw error
    }
  }
}
