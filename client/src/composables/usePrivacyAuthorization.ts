import { onHide, onShow } from '@dcloudio/uni-app'
import { ref } from 'vue'
import { toast, TOASTS } from '@/content/messages'
import { AGREEMENT_PAGE } from '@/router/routes'

/** The id WeChat expects back in `resolve({ event: 'agree', buttonId })`. */
export const AGREE_PRIVACY_BUTTON_ID = 'agree-privacy-btn'

type PrivacyResolve = (result: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

/**
 * mp-weixin privacy authorization (base library 2.32.3+): when a privacy-protected API (here the
 * phone number) needs the user's consent, WeChat asks this page through `wx.onNeedPrivacyAuthorization`;
 * the page shows its popup, and the agree button (open-type="agreePrivacyAuthorization") releases
 * the waiting call. One listener per app, so the page registers it each time it is shown.
 * Elsewhere (H5) this does nothing.
 */
export function usePrivacyAuthorization() {
  const visible = ref(false)
  let pending: PrivacyResolve | null = null

  function settle(result: Parameters<PrivacyResolve>[0]): void {
    pending?.(result)
    pending = null
    visible.value = false
  }

  // #ifdef MP-WEIXIN
  onShow(() => {
    if (typeof wx.onNeedPrivacyAuthorization !== 'function') return
    wx.onNeedPrivacyAuthorization((resolve) => {
      // miniprogram-api-typings types `resolve` as a result object; it is the function the docs describe.
      pending = resolve as unknown as PrivacyResolve
      visible.value = true
      pending({ event: 'exposureAuthorization' })
    })
  })
  onHide(() => {
    // A sheet left open while the page hides would block the API call forever.
    if (pending) settle({ event: 'disagree' })
  })
  // #endif

  return {
    visible,
    /** Call from the agree button's `agreeprivacyauthorization` event, never before it. */
    agree: () => settle({ event: 'agree', buttonId: AGREE_PRIVACY_BUTTON_ID }),
    disagree: () => settle({ event: 'disagree' }),
  }
}

/** WeChat's page for the privacy guide configured in the MP console. */
export function openPrivacyContract(): void {
  // #ifdef MP-WEIXIN
  if (typeof wx.openPrivacyContract === 'function') {
    wx.openPrivacyContract({ fail: () => toast(TOASTS.privacyContractFailed) })
    return
  }
  // #endif
  uni.navigateTo({ url: `${AGREEMENT_PAGE}?type=privacy` })
}
