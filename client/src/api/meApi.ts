import type { ChangePhoneBody, User } from 'shared'
import { ROUTES } from 'shared'
import type { Http } from './http'

export const PHONE_UNCHANGED_HEADER = 'x-phone-unchanged'

/** `/api/me*`: the signed-in account. Every call carries the Bearer token. */
export function createMeApi(http: Http) {
  return {
    get: () => http.request<User>(ROUTES.me, { auth: true }),
    /** `unchanged`: the number was already the account's (the BFF answers 200 with `X-Phone-Unchanged: 1`). */
    async changePhone(body: ChangePhoneBody): Promise<{ user: User; unchanged: boolean }> {
      const { data, headers } = await http.exchange<User>(ROUTES.mePhone, { method: 'POST', body, auth: true })
      return { user: data, unchanged: headers.get(PHONE_UNCHANGED_HEADER) === '1' }
    },
  }
}

export type MeApi = ReturnType<typeof createMeApi>
