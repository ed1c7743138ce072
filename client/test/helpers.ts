import { setActivePinia } from 'pinia'
import { inject } from 'vitest'
import { createApp } from 'vue'
import { createAppPinia } from '@/store'
import { appAuthDeps } from '@/store/auth'
import { defineAuthStore } from '@/store/defineAuthStore'
import { newPhone } from 'server/testing/phones'
import { mintPhoneCode } from '../e2e/support/bffCalls'

export const bffUrl = inject('bffUrl')

/** The app's own wiring (uni.request, uni storage, uni.login, toLogin), pointed at the test BFF. */
export const useTestAuthStore = defineAuthStore(appAuthDeps(bffUrl))

/** A fresh app launch: a new Pinia, the store rebuilt from whatever uni storage holds. */
export function launchApp() {
  const pinia = createAppPinia()
  // Pinia applies plugins (persistence) only once installed in an app, as main.ts does.
  createApp({}).use(pinia)
  setActivePinia(pinia)
  return useTestAuthStore(pinia)
}

/** A fresh app launch signed in by phone through the app's own store (the phone code minted at the dev BFF). */
export async function signedIn(phone = newPhone()) {
  const auth = launchApp()
  await auth.phoneLogin(await mintPhoneCode(bffUrl, phone))
  return { auth, phone }
}

export function count(requests: { method: string; path: string }[], method: string, path: string): number {
  return requests.filter((r) => r.method === method && r.path === path).length
}
