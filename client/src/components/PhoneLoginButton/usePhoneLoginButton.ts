import { computed, ref, watch } from 'vue'
import type { PhoneNumberFailure } from './phoneNumberOutcome'
import { readPhoneNumberEvent } from './phoneNumberOutcome'

export interface PhoneLoginButtonProps {
  /** Real-time verification (getRealtimePhoneNumber, base library 2.24.4+) instead of quick verification. */
  realtime?: boolean
  /** The parent is sending the code. The button stays locked until this goes back to false. */
  loading?: boolean
  /** Greyed out, no tap does anything. */
  disabled?: boolean
  /** Not ready (e.g. the agreement is not ticked): a tap emits `blocked` and opens no WeChat sheet. */
  blocked?: boolean
}

export interface PhoneLoginButtonEmit {
  /** A single-use phone code for the BFF; the button locks until `loading` has come and gone. */
  (event: 'code', code: string): void
  /** No code: denied, quota used up, privacy not agreed, or any other error (`outcome.kind` says which). */
  (event: 'fail', outcome: PhoneNumberFailure): void
  /** A tap while `blocked`: no WeChat sheet opened (e.g. show the consent sheet). */
  (event: 'blocked'): void
  /** A tap that opens WeChat's phone sheet (e.g. to tick an agreement as the user consents). */
  (event: 'press'): void
}

/** If the parent never sets `loading`, the lock lifts after this long. */
export const UNLOCK_WITHOUT_LOADING_MS = 1500

/**
 * The button's behaviour, apart from its template so it can be tested in Node: it turns WeChat's
 * event into `code` or one typed `fail`, and locks after a code so a second tap cannot produce a second (billed) code.
 */
export function usePhoneLoginButton(props: Readonly<PhoneLoginButtonProps>, emit: PhoneLoginButtonEmit) {
  const locked = ref(false)
  let sawLoading = false
  let fallback: ReturnType<typeof setTimeout> | undefined

  function unlock(): void {
    locked.value = false
    sawLoading = false
    clearTimeout(fallback)
  }

  watch(() => props.loading, (loading) => {
    if (loading) sawLoading = true
    else if (sawLoading) unlock()
  })

  const busy = computed(() => locked.value || !!props.loading)
  const openType = computed(() => {
    if (props.blocked || props.disabled || busy.value) return undefined
    return props.realtime ? 'getRealtimePhoneNumber' : 'getPhoneNumber'
  })

  function onPhoneEvent(event: unknown): void {
    // WeChat can deliver a second event from a quick double tap; its code is never sent.
    if (busy.value || props.disabled) return
    const outcome = readPhoneNumberEvent(event)
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

  return { busy, openType, onPhoneEvent, onTap, reset: unlock }
}
