import type { HttpBindings } from '@hono/node-server'
import type { Context, MiddlewareHandler } from 'hono'
import type { Clock } from '../clock'
import { requestIdOf } from './response-headers'

/** Hono's type parameters for every route module: node bindings (the socket, the request id on it). */
export interface AppEnv {
  Bindings: HttpBindings
  Variables: {
    /** When this request must have answered (REQUEST_DEADLINE_MS after it arrived), by the injected clock. */
    deadline: number
  }
}

/** Sets the request's deadline as it arrives: every upstream call and the final commit are held to it. */
export function deadlineMiddleware(clock: Clock, deadlineMs: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('deadline', clock.now() + deadlineMs)
    await next()
  }
}

/** What the login service needs to know of the request: its id and its deadline. */
export function callContextOf<E extends AppEnv>(c: Context<E>): { reqId: string; deadline: number | undefined } {
  return { reqId: reqIdOf(c), deadline: c.get('deadline') as number | undefined }
}

/** This request's id (X-Request-Id): on every log line written for it. */
export function reqIdOf<E extends AppEnv>(c: Context<E>): string {
  return requestIdOf(c.env.incoming)
}
