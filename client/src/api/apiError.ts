import type { ErrorCode } from 'shared'
import { userMessageFor } from '@/content/messages'

/** Failures that never got a contract error from the BFF. */
export type ClientErrorCode =
  /** No response: offline, timeout, DNS, TLS, or a domain the mini program may not call. */
  | 'NETWORK_ERROR'
  /** A response that is not the contract: an HTML error page from a proxy, a 5xx without a body. */
  | 'BAD_RESPONSE'

export type ApiErrorCode = ErrorCode | ClientErrorCode

/** Every failure of the API layer: the contract's code, the HTTP status (0 without a response) and a message for the user. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** Chinese, ready for a toast. */
  readonly userMessage: string

  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    /** The BFF's own message (English, `error.message` of the envelope), or what went wrong on the way. */
    readonly reason: string,
    /** Seconds, from `Retry-After` on RATE_LIMITED. */
    readonly retryAfter?: number,
  ) {
    super(`${code}: ${reason}`)
    this.userMessage = userMessageFor(code, retryAfter)
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

/** The toast text for anything a call can throw. */
export function messageForUser(error: unknown): string {
  return isApiError(error) ? error.userMessage : userMessageFor('BAD_RESPONSE')
}
