import type { Device, Session, User } from 'shared'
import { isSession } from 'shared'
import { defineStore } from 'pinia'
import type { StorageLike } from 'pinia-plugin-persistedstate'
import { computed, markRaw, ref } from 'vue'
import { ApiError } from '@/api/apiError'
import type { AppField, PhoneProof } from '@/api/authApi'
import { createAuthApi } from '@/api/authApi'
import type { Http } from '@/api/http'
import { createMeApi } from '@/api/meApi'
import type { MiniProgramPlatform } from '@/platform/platform'
import { PERSISTED_AUTH_PATHS, persistedAuthSerializer } from './persistedAuth'
import { isSessionShape } from './sessionShape'

/**
 * The BFF has dealt with this logout for good: a 4xx (the token is unknown or already ended) other than
 * 429. No answer, a 5xx or a rate limit leave it for another try.
 */
function settledByServer(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.code !== 'RATE_LIMITED'
}

/** Logouts kept while offline; older ones expire on the server anyway (the refresh token's lifetime). */
const MAX_PENDING_LOGOUTS = 5

export interface AuthStoreDeps {
  /** The app's one HTTP client to the BFF; the store plugs in its tokens (`http.useTokens`). */
  http: Http
  /** Where the session is kept (uni storage in the app). */
  storage: StorageLike
  storageKey?: string
  /** A fresh login code from uni.login (wx.login, tt.login, my.getAuthCode), or a dev-minted one. */
  getLoginCode: () => Promise<string>
  /** The platform this build runs on: it decides how a phone proof is sent. Default weixin. */
  platform?: MiniProgramPlatform
  /** This build's appid, sent with every login; undefined: the BFF's one WeChat app. */
  app?: string
  /** This device, recorded with each session the store starts (shown on 登录设备). */
  device: () => Device
  /** The session ended without the user asking (refresh refused): send them to the login page. */
  onSessionExpired: () => void
}

/**
 * The auth store: the session, the user, and the actions that change them. Built from its
 * dependencies so an app (or a test) decides where the BFF is and how codes and navigation work.
 */
export function defineAuthStore(deps: AuthStoreDeps) {
  return defineStore('auth', () => {
    const session = ref<Session | null>(null)
    const silentLoginAllowed = ref(true)
    const signedInBefore = ref(false)
    /** Refresh tokens of logouts that did not reach the BFF yet (offline): sent when it answers again. */
    const pendingLogouts = ref<string[]>([])

    const user = computed<User | null>(() => session.value?.user ?? null)
    const isLoggedIn = computed(() => session.value !== null)

    // markRaw: the client is plumbing, not state; Pinia must neither proxy nor persist it.
    const http = markRaw(deps.http)
    http.useTokens({
      accessToken: () => session.value?.accessToken ?? null,
      refresh: async () => (await refresh()).accessToken,
      sessionLost: expire,
    })
    const platform = deps.platform ?? 'weixin'
    const authApi = createAuthApi(http, platform)
    const app: AppField = deps.app ? { app: deps.app } : {}
    /** What the phone button produced, as the BFF takes it: Alipay's response verbatim, else a code. */
    const proof = (value: string): PhoneProof => (platform === 'alipay' ? { phoneResponse: value } : { phoneCode: value })
    const meApi = createMeApi(http)

    function signIn(next: Session): Session {
      if (!isSessionShape(next)) throw new ApiError('BAD_RESPONSE', 200, 'the BFF answered with no session')
      session.value = next
      silentLoginAllowed.value = true
      signedInBefore.value = true
      return next
    }

    /** Drop a session the server no longer accepts, and say so once (not once per failed request). */
    function expire(): void {
      if (!session.value) return
      session.value = null
      deps.onSessionExpired()
    }

    let silentLoggingIn: Promise<boolean> | null = null

    /**
     * uni.login → silent-login. A returning user is signed in with no tap and no paid phone call.
     * Callers (app launch, the login page) share one attempt: a login code works once.
     */
    function silentLogin(): Promise<boolean> {
      if (session.value) return Promise.resolve(true)
      if (!silentLoginAllowed.value) return Promise.resolve(false)
      silentLoggingIn ??= trySilentLogin().finally(() => {
        silentLoggingIn = null
      })
      return silentLoggingIn
    }

    async function trySilentLogin(): Promise<boolean> {
      const result = await authApi.silentLogin({ ...app, loginCode: await deps.getLoginCode(), device: deps.device() })
      // Signed in (by phone) or out meanwhile: that newer state wins.
      if (!isSession(result) || session.value || !silentLoginAllowed.value) return session.value !== null
      signIn(result)
      return true
    }

    /**
     * The same wx-login, asked for by the user (微信登录 when phone quick login is unavailable), so it
     * runs after an explicit logout too. False when this WeChat user has no account (or was signed out
     * by 下线 and must prove the number again).
     */
    async function wechatLogin(): Promise<boolean> {
      const result = await authApi.silentLogin({ ...app, loginCode: await deps.getLoginCode(), device: deps.device() })
      if (!isSession(result)) return false
      signIn(result)
      return true
    }

    /**
     * The phone proof from the button (a code; on Alipay the phone response), with a fresh login code so
     * this platform user is linked too. `realtime`: the code came from getRealtimePhoneNumber, which
     * WeChat bills higher; the BFF prices it so.
     */
    async function phoneLogin(phoneProof: string, realtime = false): Promise<Session> {
      const loginCode = await deps.getLoginCode().catch((error: unknown) => {
        // Alipay's phone response can be replayed, so the BFF takes it only with a login code (contract).
        if (platform === 'alipay') throw error
        // Elsewhere the account still signs in, only unlinked; the phone code is not wasted.
        console.warn('[auth] no login code; signing in by phone only', error)
        return undefined
      })
      return signIn(await authApi.phoneLogin({
        ...app,
        ...proof(phoneProof),
        ...(loginCode ? { loginCode } : {}),
        device: deps.device(),
        ...(realtime ? { realtime } : {}),
      }))
    }

    let refreshing: Promise<Session> | null = null

    /** One refresh at a time: every caller shares it, because a refresh token works only once. */
    function refresh(): Promise<Session> {
      refreshing ??= renew().finally(() => {
        refreshing = null
      })
      return refreshing
    }

    async function renew(): Promise<Session> {
      const current = session.value
      if (!current) throw new ApiError('UNAUTHORIZED', 401, 'not signed in')
      const { refreshToken } = current
      try {
        const next = await authApi.refresh({ refreshToken })
        // Signed out (or in as someone else) meanwhile: that newer state wins.
        if (session.value?.refreshToken !== refreshToken) throw new ApiError('UNAUTHORIZED', 401, 'session changed during refresh')
        return signIn(next)
      } catch (error) {
        if (error instanceof ApiError && error.code === 'REFRESH_TOKEN_INVALID' && session.value?.refreshToken === refreshToken) {
          expire()
        }
        throw error
      }
    }

    /**
     * Signs out here at once; then asks the BFF to end the session. A logout that cannot reach it is
     * remembered and sent later (flushPendingLogouts), so the session does not live on as a ghost device.
     */
    async function logout(): Promise<void> {
      const current = session.value
      session.value = null
      silentLoginAllowed.value = false
      if (!current) return
      rememberLogout(current.refreshToken)
      await flushPendingLogouts()
    }

    function rememberLogout(refreshToken: string): void {
      // Newest last; a device offline through many sign-ins keeps only the latest few.
      pendingLogouts.value = [...pendingLogouts.value.filter((t) => t !== refreshToken), refreshToken].slice(-MAX_PENDING_LOGOUTS)
    }

    let flushing: Promise<number> | null = null

    /**
     * Sends every remembered logout; run at launch, when the network comes back and after each logout.
     * A token the BFF answered for (204, or 401: already ended) is forgotten; one it never got is kept.
     * Resolves to how many are still pending.
     */
    function flushPendingLogouts(): Promise<number> {
      flushing ??= sendPendingLogouts().finally(() => {
        flushing = null
      })
      return flushing
    }

    async function sendPendingLogouts(): Promise<number> {
      // Each token once per pass, including one added by a logout while this pass was under way.
      const tried = new Set<string>()
      for (let next = pendingLogouts.value[0]; next !== undefined; next = pendingLogouts.value.find((t) => !tried.has(t))) {
        const refreshToken = next
        tried.add(refreshToken)
        try {
          await authApi.logout({ refreshToken })
        } catch (error) {
          if (!settledByServer(error)) {
            console.warn('[auth] logout did not reach the server; kept for later', error)
            continue
          }
        }
        pendingLogouts.value = pendingLogouts.value.filter((t) => t !== refreshToken)
      }
      return pendingLogouts.value.length
    }

    function setUser(next: User): User {
      if (session.value) session.value = { ...session.value, user: next }
      return next
    }

    async function loadMe(): Promise<User> {
      return setUser(await meApi.get())
    }

    /**
     * 更换手机号 (and 绑定手机号 for an account without one). Changing the number is a step-up action: a
     * fresh login code, fetched silently, proves this is the account's own WeChat user (else REAUTH_REQUIRED).
     * `unchanged`: the code proved the number the account already has.
     */
    async function changePhone(phoneCode: string, realtime = false): Promise<{ user: User; unchanged: boolean }> {
      const loginCode = await freshLoginCode()
      const { user: next, unchanged } = await meApi.changePhone({
        ...app,
        ...proof(phoneCode),
        ...(loginCode ? { loginCode } : {}),
        ...(realtime ? { realtime } : {}),
      })
      return { user: setUser(next), unchanged }
    }

    /** A login code for a step-up; without one the BFF answers REAUTH_REQUIRED, which says what to do. */
    function freshLoginCode(): Promise<string | undefined> {
      return deps.getLoginCode().catch((error: unknown) => {
        console.warn('[auth] no login code for the step-up', error)
        return undefined
      })
    }

    /**
     * 注销账号: the phone code proves the account's own number (else PHONE_MISMATCH, nothing changes);
     * an account without a number (User.phone "") is proven by a login code of its WeChat user instead.
     * After the BFF has deleted it, this device is signed out and not signed straight back in.
     */
    async function deleteAccount(phoneCode: string, realtime = false): Promise<void> {
      await meApi.deleteAccount({ ...app, ...proof(phoneCode), ...(realtime ? { realtime } : {}) })
      forgetDeletedAccount()
    }

    async function deleteAccountWithoutPhone(): Promise<void> {
      const loginCode = await deps.getLoginCode()
      await meApi.deleteAccount({ ...app, loginCode })
      forgetDeletedAccount()
    }

    function forgetDeletedAccount(): void {
      session.value = null
      silentLoginAllowed.value = false
      // The account this device signed in to is gone: nothing for a silent login to wait for.
      signedInBefore.value = false
    }

    return {
      session, silentLoginAllowed, signedInBefore, pendingLogouts, user, isLoggedIn, http,
      silentLogin, wechatLogin, phoneLogin, refresh, logout, flushPendingLogouts, loadMe, changePhone,
      deleteAccount, deleteAccountWithoutPhone,
    }
  }, {
    persist: {
      key: deps.storageKey ?? 'wx-phone-login:auth',
      storage: deps.storage,
      paths: PERSISTED_AUTH_PATHS,
      serializer: persistedAuthSerializer,
      // Rewrites whatever was read, so a damaged value is replaced rather than read again next launch.
      afterRestore: ({ store }) => store.$persist(),
    },
  })
}

export type AuthStore = ReturnType<ReturnType<typeof defineAuthStore>>
