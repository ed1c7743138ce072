import { createHttp } from '@/api/http'
import { createUniFetch } from '@/api/uniTransport'
import { API_BASE } from '@/config'
import { toast, TOASTS } from '@/content/messages'
import { createDevLoginCodeSource } from '@/dev/devLoginCode'
import { toLogin } from '@/router/toLogin'
import { platformLoginCode } from '@/platform/loginCode'
import { APP_ID, PLATFORM } from '@/platform/platform'
import { currentDevice } from '@/utils/device'
import type { AuthStoreDeps } from './defineAuthStore'
import { defineAuthStore } from './defineAuthStore'
import { createUniStorage } from './uniStorage'

/**
 * How this app wires the auth store: one HTTP client over uni.request (shared with the dev login
 * codes, and reached by others as `useAuthStore().http`), uni storage, uni.login (wx, tt or my), this build's platform and appid, and the login page.
 */
export function appAuthDeps(baseURL: string = API_BASE): AuthStoreDeps {
  const http = createHttp({ baseURL, fetch: createUniFetch((options) => uni.request(options)) })
  return {
    http,
    storage: createUniStorage(),
    // __DEV_MINT__ is a build-time constant: production builds drop the dev branch and its routes.
    getLoginCode: __DEV_MINT__
      ? createDevLoginCodeSource({
          http,
          storage: { get: (key) => uni.getStorageSync(key), set: (key, value) => uni.setStorageSync(key, value) },
          fallback: platformLoginCode,
        })
      : platformLoginCode,
    platform: PLATFORM,
    app: APP_ID,
    device: currentDevice,
    onSessionExpired: () => {
      toast(TOASTS.sessionExpired)
      toLogin()
    },
  }
}

export const useAuthStore = defineAuthStore(appAuthDeps())
