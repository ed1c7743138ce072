/** Every error code of the contract, with the HTTP status the BFF answers it with. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  PHONE_CODE_INVALID: 400,
  LOGIN_CODE_INVALID: 400,
  LOGIN_BLOCKED: 403,
  PHONE_MISMATCH: 403,
  REAUTH_REQUIRED: 403,
  UNAUTHORIZED: 401,
  REFRESH_TOKEN_INVALID: 401,
  NOT_FOUND: 404,
  PHONE_TAKEN: 409,
  RATE_LIMITED: 429,
  WECHAT_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  WECHAT_MISCONFIGURED: 500,
  // Douyin and Alipay apps: the same meanings as the WECHAT_* pair, which WeChat apps keep.
  PLATFORM_UNAVAILABLE: 503,
  PLATFORM_MISCONFIGURED: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode]

/** The only shape an error response ever has. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}

// Not Object.hasOwn: the client runs this on WeChat runtimes (iOS before 15.4) that lack it.
const hasOwnProperty = Object.prototype.hasOwnProperty

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && hasOwnProperty.call(ERROR_STATUS, value)
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const error = (value as { error?: unknown }).error
  return typeof error === 'object' && error !== null
    && isErrorCode((error as { code?: unknown }).code)
    && typeof (error as { message?: unknown }).message === 'string'
}
