import { ROUTES, type Session } from 'shared'
import type { PhoneLoginBody } from 'shared/schemas'
import type { MockWechat } from '../src/platforms/weixin/mock'

export interface PhoneLogin {
  phone: string
  /** The WeChat user whose wx.login code goes with it (`{}`: a new one); no login code without it. */
  wechatUser?: { openid?: string; unionid?: string }
  app?: string
  device?: PhoneLoginBody['device']
}

/** What the mini program posts to phone-login: the codes WeChat's client would hand it, minted in the mock. */
export function phoneLoginBody(mock: MockWechat, login: PhoneLogin): PhoneLoginBody {
  const { phone, wechatUser, ...rest } = login
  return {
    ...rest,
    phoneCode: mock.mintPhoneCode(phone),
    ...(wechatUser === undefined ? {} : { loginCode: mock.mintLoginCode(wechatUser.openid, wechatUser.unionid === undefined ? {} : { unionid: wechatUser.unionid }) }),
  }
}

/** A signed-in user: a phone login at the BFF on `url`, whose WeChat is `mock`; anything but 200 throws with the answer. */
export async function signIn(url: string, mock: MockWechat, login: PhoneLogin): Promise<Session> {
  const res = await fetch(url + ROUTES.phoneLogin, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(phoneLoginBody(mock, login)),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`phone-login: HTTP ${res.status} ${text}`)
  return JSON.parse(text) as Session
}
