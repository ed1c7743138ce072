import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import { requestIdOf } from './response-headers'

/** Hono's type parameters for every route module: node bindings (the socket, the request id on it). */
export interface AppEnv {
  Bindings: HttpBindings
}

/** This request's id (X-Request-Id): on every log line written for it. */
export function reqIdOf<E extends AppEnv>(c: Context<E>): string {
  return requestIdOf(c.env.incoming)
}
