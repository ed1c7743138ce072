import { Hono } from 'hono'
import { changePhoneBody } from 'shared/schemas'
import type { AppDeps } from '../app-deps'
import { type AppEnv, reqIdOf } from '../http/app-env'
import { authenticate } from '../http/bearer'
import { readJsonBody } from '../http/json-body'

/** Set on `POST /api/me/phone`'s answer when the code proved the number the account already has. */
export const PHONE_UNCHANGED_HEADER = 'X-Phone-Unchanged'

/** /api/me: the signed-in account, and changing its phone number. */
export function meRoutes({ login, config, clock }: AppDeps): Hono<AppEnv> {
  const signedIn = (authorization: string | undefined) => authenticate(authorization, config.authSecret, clock)
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => c.json(await login.me(signedIn(c.req.header('authorization')))))

  app.post('/phone', async (c) => {
    const userId = signedIn(c.req.header('authorization'))
    const body = await readJsonBody(c, changePhoneBody)
    const { user, unchanged } = await login.changePhone({ reqId: reqIdOf(c) }, userId, body)
    return c.json(user, 200, unchanged ? { [PHONE_UNCHANGED_HEADER]: '1' } : {})
  })

  return app
}
