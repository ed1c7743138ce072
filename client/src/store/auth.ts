import { API_BASE } from '@/config'
import { toast, TOASTS } from '@/content/messages'
import { createDevLoginCodeSource } from '@/dev/devLoginCode'
import { toLogin } from '@/router/toLogin'
import { currentDevice } from '@/utils/device'
import { wechatLoginCode } from '@/utils/wechatLoginCode'
import type { AuthStoreDeps } from './defineAuthStore'
import { defineAuthStore } from './defineAuthStore'
import { createUniStorage } from './uniStorage'

/** How this app wires the auth store: uni.request, uni storage, wx.login, and the login page. */
export function appAuthDeps(baseURL: string = API_BASE): AuthStoreDeps {
  const request: AuthStoreDeps['request'] = (options) => uni.request(options)
  return {
    baseURL,
    request,
    storage: createUniStorage(),
    // __DEV_MINT__ is a build-time constant: production builds drop the dev branch and its routes.
    getLoginCode: __DEV_MINT__
      ? createDevLoginCodeSource({
          baseURL,
          request,
          storage: { get: (key) => uni.getStorageSync(key), set: (key, value) => uni.setStorageSync(key, value) },
          fallback: wechatLoginCode,
        })
      : wechatLoginCode,
    device: currentDevice,
    onSessionExpired: () => {
      toast(TOASTS.sessionExpired)
      toLogin()
    },
  }
}

export const useAuthStore = defineAuthStore(appAuthDeps())
