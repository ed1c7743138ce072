import { computed, ref, watch } from 'vue'
import type { MiniProgramPlatform } from '@/platform/platform'
import { readAlipayFailure, readAlipayPhoneResponse } from './alipayPhoneOutcome'
import { readDouyinPhoneEvent } from './douyinPhoneOutcome'
import type { PhoneNumberFailure, PhoneNumberOutcome } from './phoneNumberOutcome'
import { readPhoneNumberEvent } from './phoneNumberOutcome'

export interface PhoneLoginButtonProps {
  /** Real-time verification (WeChat's getRealtimePhoneNumber, base library 2.24.4+) instead of quick verification. */
  realtime?: boolean
  /** The parent is sending the code. The button stays locked until this goes back to false. */
  loading?: boolean
  /** Greyed out, no tap does anything. */
  disabled?: boolean
  /** Not ready (e.g. the agreement is not ticked): a tap emits `blocked` and opens no WeChat sheet. */
  blocked?: boolean
}

export interface PhoneLoginButtonEmit {
  /**
   * The phone proof for the BFF: a single-use phone code (WeChat, Douyin), or on Alipay the phone
   * response of my.getPhoneNumber, verbatim. The button locks until `loading` has come and gone.
   */
  (event: 'code', code: string): void
  /** No code: denied, quota used up, privacy not agreed, or any other error (`outcome.kind` says which). */
  (event: 'fail', outcome: PhoneNumberFailure): void
  /** A tap while `blocked`: no WeChat sheet opened (e.g. show the consent sheet). */
  (event: 'blocked'): void
  /** A tap that opens WeChat's phone sheet (e.g. to tick an agreement as the user consents). */
  (event: 'press'): void
}

export interface PhoneLoginButtonPlatform {
  /** Which platform's button this is (the build's, from platform/platform.ts). Default weixin. */
  platform?: MiniProgramPlatform
  /** Alipay: my.getPhoneNumber, resolving with its `res`, rejecting with its error. */
  getPhoneNumber?: () => Promise<unknown>
  /** Douyin: tt.login before the next tap (the lock lifting means another tap may come). */
  beforeNextTap?: () => void
}

/** my.getPhoneNumber as a promise; only Alipay builds have it. */
export function alipayGetPhoneNumber(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // #ifdef MP-ALIPAY
    my.getPhoneNumber({ success: resolve, fail: reject })
    return
    // #endif
    reject({ errorMessage: 'my.getPhoneNumber exists only on Alipay' })
  })
}

/** If the parent never sets `loading`, the lock lifts after this long. */
export const UNLOCK_WITHOUT_LOADING_MS = 1500

/**
 * The button's behaviour, apart from its template so it can be tested in Node: it turns the platform's
 * answer (WeChat's or Douyin's event, Alipay's authorisation then my.getPhoneNumber) into `code` or one
 * typed `fail`, and locks after a code so a second tap cannot produce a second (billed) code.
 */
export function usePhoneLoginButton(props: Readonly<PhoneLoginButtonProps>, emit: PhoneLoginButtonEmit, options: PhoneLoginButtonPlatform = {}) {
  const platform = options.platform ?? 'weixin'
  const getPhoneNumber = options.getPhoneNumber ?? alipayGetPhoneNumber
  const locked = ref(false)
  /** Alipay: my.getPhoneNumber is under way (between the authorisation and its answer). */
  const asking = ref(false)
  let sawLoading = false
  let fallback: ReturnType<typeof setTimeout> | undefined

  function unlock(): void {
    const wasLocked = locked.value
    locked.value = false
    sawLoading = false
    clearTimeout(fallback)
    if (wasLocked) options.beforeNextTap?.()
  }

  watch(() => props.loading, (loading) => {
    if (loading) sawLoading = true
    else if (sawLoading) unlock()
  })

  const busy = computed(() => locked.value || asking.value || !!props.loading)
  const openType = computed(() => {
    if (props.blocked || props.disabled || busy.value) return undefined
    if (platform === 'alipay') return 'getAuthorize'
    // Douyin has no real-time verification.
    return props.realtime && platform === 'weixin' ? 'getRealtimePhoneNumber' : 'getPhoneNumber'
  })

  /** WeChat's and Douyin's phone event. */
  function onPhoneEvent(event: unknown): void {
    // WeChat can deliver a second event from a quick double tap; its code is never sent.
    if (busy.value || props.disabled) return
    settle(platform === 'douyin' ? readDouyinPhoneEvent(event) : readPhoneNumberEvent(event))
  }

  /** Alipay: the user allowed phoneNumber; my.getPhoneNumber now answers with the phone response. */
  async function onAuthorize(): Promise<void> {
    if (busy.value || props.disabled) return
    asking.value = true
    let outcome: PhoneNumberOutcome
    try {
      outcome = readAlipayPhoneResponse(await getPhoneNumber())
    } catch (error) {
      outcome = readAlipayFailure(error)
    } finally {
      asking.value = false
    }
    settle(outcome)
  }

  /** Alipay: the getAuthorize button's error event (refused, or the system failed). */
  function onAuthorizeError(event: unknown): void {
    if (busy.value || props.disabled) return
    settle(readAlipayFailure(event))
  }

  function settle(outcome: PhoneNumberOutcome): void {
    switch (outcome.kind) {
      case 'code':
        locked.value = true
        sawLoading = !!props.loading
        clearTimeout(fallback)
        fallback = setTimeout(() => {
          if (!sawLoading) unlock()
        }, UNLOCK_WITHOUT_LOADING_MS)
        emit('code', outcome.code)
        return
      default:
        emit('fail', outcome)
    }
  }

  function onTap(): void {
    if (props.disabled || busy.value) return
    if (props.blocked) emit('blocked')
    else emit('press')
  }

  return { busy, openType, onPhoneEvent, onAuthorize, onAuthorizeError, onTap, reset: unlock }
}
