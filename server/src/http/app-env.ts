import type { HttpBindings } from '@hono/node-server'
import type { RequestIdVariables } from 'hono/request-id'

/** Hono's type parameters for every route module: node bindings (socket address) and the request id. */
export interface AppEnv {
  Bindings: HttpBindings
  Variables: RequestIdVariables
}
