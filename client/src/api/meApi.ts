import type { ChangePhoneBody, User } from 'shared'
import { ROUTES } from 'shared'
import type { Http } from './http'

/** `/api/me*`: the signed-in account. Every call carries the Bearer token. */
export function createMeApi(http: Http) {
  return {
    get: () => http.request<User>(ROUTES.me, { auth: true }),
    changePhone: (body: ChangePhoneBody) => http.request<User>(ROUTES.mePhone, { method: 'POST', body, auth: true }),
  }
}

export type MeApi = ReturnType<typeof createMeApi>
