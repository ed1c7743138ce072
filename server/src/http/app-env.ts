import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import { requestIdOf, stampOf } from './request-stamp'

/** Hono's type parameters for every route module: node bindings (the socket, the request's stamp on it). */
export interface AppEnv {
  Bindings: HttpBindings
}

/** What the login service needs to know of the request: its id and its deadline (request-stamp.ts). */
export function callContextOf<E extends AppEnv>(c: Context<E>): { reqId: string; deadline: number | undefined } {
  return { reqId: requestIdOf(c.env.incoming), deadline: stampOf(c.env.incoming)?.deadline }
}

/**
 * A request header (name in lower case), from node's own parsed headers: the one way the BFF reads them.
 * `c.req.header()` would make @hono/node-server build a web Headers object for the request (all its headers
 * validated and copied again); node's object is built anyway. A header sent twice is node's rule: the first
 * for Authorization and the like, joined with ", " for X-Forwarded-For and the like.
 */
export function headerOf<E extends AppEnv>(c: Context<E>, name: Lowercase<string>): string | undefined {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming
  if (incoming === undefined) return c.req.header(name)
  const value = incoming.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** This request's id (X-Request-Id): on every log line written for it. */
export function reqIdOf<E extends AppEnv>(c: Context<E>): string {
  return requestIdOf(c.env.incoming)
}
