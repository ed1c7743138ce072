import { ROUTES, type Session, type User } from 'shared'
import type { MockWechat } from '../src/platforms/weixin/mock'
import { SHOP } from './apps'
import { newPhone } from '../testing/phones'
import { signIn } from '../testing/sign-in'

/** One JSON request to the BFF; anything but a 2xx throws, with the body (the bench must not count failures as work). */
export async function callBff<T>(url: string, path: string, init: { body?: unknown; accessToken?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (init.accessToken !== undefined) headers.authorization = `Bearer ${init.accessToken}`
  const res = await fetch(url + path, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`)
  return JSON.parse(text) as T
}

/** A phone-login on the shop app (with a unionid: the person can then sign in to the club silently). */
export function newUserLogin(url: string, mock: MockWechat, openid?: string, unionid?: string): Promise<Session> {
  return signIn(url, mock, { phone: newPhone(), app: SHOP.appid, wechatUser: { openid, unionid } })
}

export function returningUserLogin(url: string, mock: MockWechat, openid: string): Promise<Session> {
  return callBff<Session>(url, ROUTES.wxLogin, { body: { app: SHOP.appid, loginCode: mock.mintLoginCode(openid) } })
}

/** A silent login on another app (`mock` is that app's), by the person's openid there and their unionid. */
export function silentLogin(url: string, app: string, mock: MockWechat, openid: string, unionid: string): Promise<Session> {
  return callBff<Session>(url, ROUTES.silentLogin, { body: { app, loginCode: mock.mintLoginCode(openid, { unionid }) } })
}

export function me(url: string, accessToken: string): Promise<User> {
  return callBff<User>(url, ROUTES.me, { accessToken })
}

export function refresh(url: string, refreshToken: string): Promise<Session> {
  return callBff<Session>(url, ROUTES.refresh, { body: { refreshToken } })
}

export interface SeededUser {
  openid: string
  session: Session
}

/** `count` registered users with a WeChat link and a live session each, signed up `concurrency` at a time. */
export async function seedUsers(url: string, mock: MockWechat, count: number, prefix: string, concurrency = 50): Promise<SeededUser[]> {
  const users: SeededUser[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const openid = `${prefix}${next++}`
      users.push({ openid, session: await newUserLogin(url, mock, openid) })
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return users
}
