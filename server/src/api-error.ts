import { ERROR_STATUS, type ErrorCode } from 'shared'

/**
 * The one error type routes and services throw. The error handler turns it into the contract's envelope;
 * anything else becomes a generic 500 with no details (never a stack trace).
 */
export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause })
    this.name = 'ApiError'
    this.status = ERROR_STATUS[code]
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError
}
