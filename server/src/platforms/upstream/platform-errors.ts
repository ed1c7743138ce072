import { ApiError } from '../../api-error'
import type { UpstreamOutcome } from '../platform'

/** A failed upstream call: what to count and what to answer. */
export interface Classified {
  outcome: Exclude<UpstreamOutcome, 'ok'>
  error: ApiError
}

export type PlatformLabel = 'Douyin' | 'Alipay'

export function loginCodeInvalid(platform: PlatformLabel): ApiError {
  return new ApiError('LOGIN_CODE_INVALID', `The ${platform} login code is invalid, expired or already used. Log in again.`)
}

export function phoneCodeInvalid(platform: PlatformLabel): ApiError {
  return new ApiError(
    'PHONE_CODE_INVALID',
    `The ${platform} phone number proof is invalid, expired, already used or issued to another mini program. Ask the user to tap the button again.`,
  )
}

export function unavailable(platform: PlatformLabel, detail: string): Classified {
  return {
    outcome: 'unavailable',
    error: new ApiError('PLATFORM_UNAVAILABLE', `${platform} is busy or not answering; try again in a moment. (${detail})`),
  }
}

export function misconfigured(platform: PlatformLabel, detail: string): Classified {
  return {
    outcome: 'misconfigured',
    error: new ApiError(
      'PLATFORM_MISCONFIGURED',
      `${platform} rejected this server's credentials or keys (${detail}). The operator must fix the app's configuration.`,
    ),
  }
}

export function rejected(error: ApiError): Classified {
  return { outcome: 'rejected', error }
}
