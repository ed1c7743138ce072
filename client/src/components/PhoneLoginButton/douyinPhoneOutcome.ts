import type { PhoneNumberOutcome } from './phoneNumberOutcome'
import { readPhoneNumberEvent } from './phoneNumberOutcome'

/**
 * Douyin's `getPhoneNumber` failures that are the app's (not the user's): the capability is not granted
 * (platform auth deny: banned, or not an eligible app; no permission: never applied for). They read as
 * "deny" to the WeChat classifier, so they are taken first.
 */
const NOT_GRANTED = /platform auth deny|no permission/i
/** The user has no phone number bound, is not signed in to Douyin, or the session is stale: a retry may help. */
const USER_STATE = /no phone number|not login|invalid session/i

function detailOf(event: unknown): Record<string, unknown> {
  const e = typeof event === 'object' && event !== null ? event as Record<string, unknown> : {}
  return typeof e.detail === 'object' && e.detail !== null ? e.detail as Record<string, unknown> : e
}

/**
 * What a tap on Douyin's phone button ended in, as the same outcomes WeChat's has. Base library 3.51.0+
 * puts a phone code in `e.detail.code` (5 minutes, single use); older ones only `encryptedData` + `iv`,
 * which is "ok without a code": the app is too old, not a login. Denying (auth deny, cancel) is `deny`,
 * so the page goes on as before, never blocking what needs no account (Douyin's rule).
 */
export function readDouyinPhoneEvent(event: unknown): PhoneNumberOutcome {
  const outcome = readPhoneNumberEvent(event)
  if (outcome.kind === 'code') return outcome
  const errMsg = outcome.errMsg
  if (!NOT_GRANTED.test(errMsg) && !USER_STATE.test(errMsg)) return outcome
  // Classified again without the text, so the errno is read the one way the WeChat classifier reads it.
  const bare = readPhoneNumberEvent({ detail: { ...detailOf(event), errMsg: 'getPhoneNumber:fail' } })
  return { kind: 'error', errno: 'errno' in bare ? bare.errno : null, errMsg, noCode: false }
}
