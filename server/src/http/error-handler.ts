import type { ErrorHandler, NotFoundHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { HTTPException } from 'hono/http-exception'
import type { ErrorBody, ErrorCode } from 'shared'
import { isDatabaseUnavailable } from '../db/database-errors'
import { isApiError } from '../api-error'
import type { Logger } from '../logger'
import { type AppEnv, reqIdOf } from './app-env'

interface Answer {
  status: ContentfulStatusCode
  code: ErrorCode
  message: string
  retryAfterSeconds?: number
}

/**
 * Every failure leaves as the contract's envelope: an ApiError as itself; a database that cannot serve as
 * 503 SERVICE_UNAVAILABLE; anything else as a 500 with a generic message (the details go to the log only).
 */
export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    const reqId = reqIdOf(c)
    const answer = toAnswer(err, reqId)
    if (answer.status >= 500) {
      logger.error({ reqId, err, errorCode: answer.code, status: answer.status, method: c.req.method, path: c.req.path }, 'request failed')
    }
    if (answer.retryAfterSeconds !== undefined) c.header('Retry-After', String(answer.retryAfterSeconds))
    const body: ErrorBody = { error: { code: answer.code, message: answer.message } }
    return c.json(body, answer.status)
  }
}

function toAnswer(err: unknown, requestId: string): Answer {
  if (isApiError(err)) {
    return { status: err.status as ContentfulStatusCode, code: err.code, message: err.message, retryAfterSeconds: err.extra.retryAfterSeconds }
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'The service cannot reach its database right now; nothing was changed. Try again later.' }
  }
  // Hono's own 4xx (e.g. a body it could not read) are the client's doing, never a 500.
  if (err instanceof HTTPException && err.status < 500) {
    return { status: 400, code: 'VALIDATION_FAILED', message: 'The request could not be read.' }
  }
  // The contract has no code for "bug": SERVICE_UNAVAILABLE is the one a client can act on (retry later);
  // the status stays 500 so monitoring tells a bug from a database outage.
  return { status: 500, code: 'SERVICE_UNAVAILABLE', message: `Something went wrong on our side. Try again later. (request ${requestId})` }
}

/** Unknown routes: 404 NOT_FOUND in the usual envelope. */
export const notFoundHandler: NotFoundHandler<AppEnv> = (c) => {
  const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `No such route: ${c.req.method} ${c.req.path}` } }
  return c.json(body, 404)
}
