import { ApiError } from '../api-error'
import type { PhoneProof, PlatformName } from '../platforms/platform'

/** What a body may carry to prove a number: a one-time code (WeChat, Douyin) or Alipay's signed response. */
export interface PhoneProofFields {
  phoneCode?: string
  phoneResponse?: string
  realtime?: boolean
}

/**
 * The body's phone proof for the app's platform, checked before any upstream call: `phoneResponse` on Alipay
 * apps, `phoneCode` elsewhere. `undefined` when the body has neither (the caller decides whether that is allowed).
 */
export function phoneProofOf(platform: PlatformName, body: PhoneProofFields): PhoneProof | undefined {
  if (platform === 'alipay') {
    if (body.phoneCode !== undefined) throw new ApiError('VALIDATION_FAILED', 'phoneResponse: an Alipay app proves a number with my.getPhoneNumber\'s res.response, not a phoneCode.')
    return body.phoneResponse === undefined ? undefined : { kind: 'response', response: body.phoneResponse }
  }
  if (body.phoneResponse !== undefined) throw new ApiError('VALIDATION_FAILED', `phoneCode: a ${platform} app proves a number with a phoneCode (phoneResponse is Alipay's).`)
  return body.phoneCode === undefined ? undefined : { kind: 'code', code: body.phoneCode, realtime: body.realtime }
}

/** The proof, which this action cannot do without. */
export function requirePhoneProof(platform: PlatformName, body: PhoneProofFields): PhoneProof {
  const proof = phoneProofOf(platform, body)
  if (proof) return proof
  throw new ApiError('VALIDATION_FAILED', platform === 'alipay' ? 'phoneResponse: required for an Alipay app (my.getPhoneNumber\'s res.response).' : 'phoneCode: required.')
}
