import { describe, expect, it } from 'vitest'
import { sessionInfoSchema, sessionSchema, userSchema } from './response-schemas'
import type { Session, SessionInfo } from './types'

const user = { id: 'u1', phone: '138****8000', countryCode: '86', nickname: '微信用户', avatarUrl: '', wechatLinked: true, createdAt: '2026-01-01T00:00:00.000Z', identities: [{ platform: 'weixin' as const, app: 'wx1' }] }
const session: Session = { accessToken: 'a', refreshToken: 'r', expiresIn: 7200, user }

describe('response schemas', () => {
  it('accept what the BFF answers, and fields a newer BFF adds', () => {
    expect(sessionSchema.safeParse(session).success).toBe(true)
    expect(sessionSchema.safeParse({ ...session, extra: 1, user: { ...user, extra: 2 } }).success).toBe(true)
    const info: SessionInfo = { id: 's1', current: true, device: { platform: 'ios', model: 'iPhone 15', appVersion: '0.1.0' }, platform: 'weixin', app: 'wx1', createdAt: '', lastActiveAt: '' }
    expect(sessionInfoSchema.safeParse(info).success).toBe(true)
  })

  it.each([
    ['an empty access token', { ...session, accessToken: '' }],
    ['an empty refresh token', { ...session, refreshToken: '' }],
    ['a string expiresIn', { ...session, expiresIn: '7200' }],
    ['no user', { ...session, user: null }],
    ['a user without wechatLinked', { ...session, user: { ...user, wechatLinked: undefined } }],
    ['not an object', 'session'],
  ])('refuse a session with %s', (_label, value) => {
    expect(sessionSchema.safeParse(value).success).toBe(false)
  })

  it('refuse a user with a field of the wrong type', () => {
    expect(userSchema.safeParse({ ...user, createdAt: 0 }).success).toBe(false)
  })
})
