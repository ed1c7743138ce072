import type { Session, WxLoginResponse } from 'shared'
import type { TestBff } from './bff'
import { type Reply, request } from './http'
import { sql } from '../../src/db/statement'
import { phoneLoginBody, signIn as signInAt } from '../../testing/sign-in'

const wechatUser = (openid: string | undefined) => (openid === undefined ? {} : { wechatUser: { openid } })

/** The WeChat client's side of a phone login: mint the codes in the mock, post them to the BFF. */
export function phoneLogin(bff: TestBff, phone: string, openid?: string): Promise<Reply<Session>> {
  return request<Session>(`${bff.url}/api/auth/phone-login`, { body: phoneLoginBody(bff.mock.mock, { phone, ...wechatUser(openid) }) })
}

/** testing/sign-in.ts's signIn (shared with the bench) on a test BFF. */
export function signIn(bff: TestBff, phone: string, openid?: string): Promise<Session> {
  return signInAt(bff.url, bff.mock.mock, { phone, ...wechatUser(openid) })
}

export function wxLogin(bff: TestBff, openid: string): Promise<Reply<WxLoginResponse>> {
  return request<WxLoginResponse>(`${bff.url}/api/auth/wx-login`, { body: { loginCode: bff.mock.mock.mintLoginCode(openid) } })
}

export function refresh(bff: TestBff, refreshToken: string): Promise<Reply<Session>> {
  return request<Session>(`${bff.url}/api/auth/refresh`, { body: { refreshToken } })
}

/** Rows per table, read straight from the BFF's database: "nothing was written" means these did not move. */
export async function countRows(bff: TestBff): Promise<{ users: number; identities: number; tokens: number }> {
  const count = async (table: 'users' | 'identities' | 'refresh_tokens') =>
    Number((await bff.deps.database.get<{ n: number | string }>(sql(`select count(*) as "n" from "${table}"`)))!.n)
  return { users: await count('users'), identities: await count('identities'), tokens: await count('refresh_tokens') }
}

/** Runs one statement on the BFF's own database (tests only: to break or inspect it behind the BFF's back). */
export function runSql(bff: { deps: { database: TestBff['deps']['database'] } }, text: string, params: (string | number | null)[] = []): Promise<number> {
  return bff.deps.database.run(sql(text), params)
}
