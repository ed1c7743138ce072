import { computed, ref, watch } from 'vue'
import type { PhoneNumberOutcome } from './phoneNumberOutcome'
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
  (event: 'code', code: string): void
  (event: 'deny', outcome: Extract<PhoneNumberOutcome, { kind: 'deny' }>): void
  (event: 'quota', outcome: Extract<PhoneNumberOutcome, { kind: 'quota' }>): void
  (event: 'privacy', outcome: Extract<PhoneNumberOutcome, { kind: 'privacy' }>): void
  (event: 'error', outcome: Extract<PhoneNumberOutcome, { kind: 'error' }>): void
  (event: 'blocked'): void
  /** A tap that opens WeChat's phone sheet (e.g. to tick an agreement as the user consents). */
  (event: 'press'): void
}

/** If the parent never sets `loading`, the lock lifts after this long. */
export const UNLOCK_WITHOUT_LOADING_MS = 1500

/**
 * The button's behaviour, apart from its template so it can be tested in Node: it turns WeChat's
 * event into one typed emit, and locks after a code so a second tap cannot produce a second (billed) code.
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
      case 'deny': return emit('deny', outcome)
      case 'quota': return emit('quota', outcome)
      case 'privacy': return emit('privacy', outcome)
      case 'error': return emit('error', outcome)
    }
  }

  function onTap(): void {
    if (props.disabled || busy.value) return
    if (props.blocked) emit('blocked')
    else emit('press')
  }

  return { busy, openType, onPhoneEvent, onTap, reset: unlock }
}
