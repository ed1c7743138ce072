import { Hono } from 'hono'
import { changePhoneBody } from 'shared/schemas'
import { accountGone, changePhone, findUserById } from '../accounts/accounts'
import { toApiUser } from '../accounts/user-view'
import type { AppDeps } from '../app-deps'
import type { AppEnv } from '../http/app-env'
import { authenticate } from '../http/bearer'
import { readJsonBody } from '../http/json-body'
import { maskPhone } from '../phone'

/** /api/me: the signed-in account, and changing its phone number. */
export function meRoutes(deps: AppDeps): Hono<AppEnv> {
  const { clock, logger } = deps
  const db = deps.database.db
  const signedIn = (authorization: string | undefined) => authenticate(authorization, deps.config.authSecret, clock)
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const user = await findUserById(db, signedIn(c.req.header('authorization')))
    if (!user) throw accountGone()
    return c.json(toApiUser(user))
  })

  app.post('/phone', async (c) => {
    const userId = signedIn(c.req.header('authorization'))
    const body = await readJsonBody(c, changePhoneBody)
    // The phone API is paid: make sure there is still an account to change before calling it.
    if (!(await findUserById(db, userId))) throw accountGone()
    const phone = await deps.wechat.getPhoneNumber(body.phoneCode)
    const user = await changePhone({ db, clock }, userId, phone)
    logger.info({ userId, phone: maskPhone(phone.purePhoneNumber) }, 'phone changed')
    return c.json(toApiUser(user))
  })

  return app
}
