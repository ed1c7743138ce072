import { Hono } from 'hono'
import type { SessionsResponse } from 'shared'
import { changePhoneBody, deleteAccountBody } from 'shared/schemas'
import { ApiError } from '../api-error'
import type { AppDeps } from '../app-deps'
import { callContextOf } from '../http/app-env'
import type { SessionEnv } from '../http/require-session'
import { readJsonBody } from '../http/json-body'

/** Session ids are UUIDs; the column takes 64 characters. */
const SESSION_ID = /^[\w-]{1,64}$/

/** Set on `POST /api/me/phone`'s answer when the code proved the number the account already has. */
export const PHONE_UNCHANGED_HEADER = 'X-Phone-Unchanged'

/**
 * /api/me: the signed-in account, its number, its sessions, and deleting it. `requireSession` runs first
 * (app.ts mounts it on /api/me/*): the token is valid and its session live, so an ended session's access
 * token is refused at once.
 */
export function meRoutes({ account }: AppDeps): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>()

  app.get('/', (c) => c.json(c.get('user')))

  app.post('/phone', async (c) => {
    const body = await readJsonBody(c, changePhoneBody)
    const { user, unchanged } = await account.changePhone(callContextOf(c), c.get('accessClaims'), body)
    return c.json(user, 200, unchanged ? { [PHONE_UNCHANGED_HEADER]: '1' } : {})
  })

  app.get('/sessions', async (c) => {
    const answer: SessionsResponse = { sessions: await account.listSessions(c.get('accessClaims')) }
    return c.json(answer)
  })

  // POST /sessions/revoke-others, as the one POST /sessions/:id route: a fixed segment beside a parameter (that of
  // /sessions/:id/revoke) would make Hono drop its RegExpRouter for the slower TrieRouter on every request.
  app.post('/sessions/:id', async (c) => {
    if (c.req.param('id') !== 'revoke-others') return c.notFound()
    await account.revokeOtherSessions(c.get('accessClaims'))
    return c.body(null, 204)
  })

  app.post('/sessions/:id/revoke', async (c) => {
    const id = c.req.param('id')
    // An id that cannot be a session's (a NUL byte, 10 KB of junk) is simply not one of the caller's sessions.
    if (!SESSION_ID.test(id)) throw new ApiError('NOT_FOUND', 'No such session: it is not one of your live sessions.')
    await account.revokeSession(c.get('accessClaims'), id)
    return c.body(null, 204)
  })

  app.post('/delete', async (c) => {
    const body = await readJsonBody(c, deleteAccountBody)
    await account.deleteAccount(callContextOf(c), c.get('accessClaims'), body)
    return c.body(null, 204)
  })

  return app
}
