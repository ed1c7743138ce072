import type { ChangePhoneBody, DeleteAccountBody, SessionsResponse, User } from 'shared'
import { revokeSessionRoute, ROUTES } from 'shared'
import type { AppField, PhoneProof } from './authApi'
import type { Http } from './http'

/** The phone proof for the signed-in account, naming the app (contract "Apps and platforms"). */
export type AppPhoneBody<T extends { phoneCode: string }> = Omit<T, 'phoneCode'> & AppField & PhoneProof

export const PHONE_UNCHANGED_HEADER = 'x-phone-unchanged'

/** The step-up (contract, "Account security"): with the proof, a fresh login code of the account's own user. */
export type ChangePhoneRequest = AppPhoneBody<ChangePhoneBody & { phoneCode: string }>
/** An account without a number is deleted on a login code of its user instead of a phone proof. */
export type DeleteAccountRequest = AppPhoneBody<DeleteAccountBody & { phoneCode: string }> | (AppField & { loginCode: string })

/** `/api/me*`: the signed-in account. Every call carries the Bearer token. */
export function createMeApi(http: Http) {
  return {
    get: () => http.request<User>(ROUTES.me, { auth: true }),
    /** `unchanged`: the number was already the account's (the BFF answers 200 with `X-Phone-Unchanged: 1`). */
    async changePhone(body: ChangePhoneRequest): Promise<{ user: User; unchanged: boolean }> {
      const { data, headers } = await http.exchange<User>(ROUTES.mePhone, { method: 'POST', body, auth: true })
      return { user: data, unchanged: headers.get(PHONE_UNCHANGED_HEADER) === '1' }
    },
    sessions: () => http.request<SessionsResponse>(ROUTES.meSessions, { auth: true }),
    revokeSession: (id: string) => http.request<void>(revokeSessionRoute(id), { method: 'POST', auth: true }),
    revokeOtherSessions: () => http.request<void>(ROUTES.revokeOtherSessions, { method: 'POST', auth: true }),
    deleteAccount: (body: DeleteAccountRequest) => http.request<void>(ROUTES.deleteAccount, { method: 'POST', body, auth: true }),
  }
}

export type MeApi = ReturnType<typeof createMeApi>
