import type { ChangePhoneBody, DeleteAccountBody, SessionsResponse, User } from 'shared'
import { ROUTES, revokeSessionRoute } from 'shared'
import type { Http } from './http'

/** `/api/me*`: the signed-in account. Every call carries the Bearer token. */
export function createMeApi(http: Http) {
  return {
    get: () => http.request<User>(ROUTES.me, { auth: true }),
    changePhone: (body: ChangePhoneBody) => http.request<User>(ROUTES.mePhone, { method: 'POST', body, auth: true }),
    sessions: () => http.request<SessionsResponse>(ROUTES.meSessions, { auth: true }),
    revokeSession: (id: string) => http.request<void>(revokeSessionRoute(id), { method: 'POST', auth: true }),
    revokeOtherSessions: () => http.request<void>(ROUTES.revokeOtherSessions, { method: 'POST', auth: true }),
    deleteAccount: (body: DeleteAccountBody) => http.request<void>(ROUTES.deleteAccount, { method: 'POST', body, auth: true }),
  }
}

export type MeApi = ReturnType<typeof createMeApi>
