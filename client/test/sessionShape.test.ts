import type { Session } from 'shared'
import { sessionSchema, userSchema } from 'shared/response-schemas'
import { describe, expect, it } from 'vitest'
import { persistedAuthSerializer } from '@/store/persistedAuth'
import { isSessionShape, isUser } from '@/store/sessionShape'

// The store checks a persisted session by hand (zod would not fit the main package's budget);
// here it must agree with the shared response schemas on every sample.
const user = { id: 'u1', phone: '138****8000', countryCode: '86', nickname: '微信用户', avatarUrl: '', wechatLinked: false, createdAt: '2026-01-01T00:00:00.000Z', identities: [{ platform: 'weixin' as const, app: 'wx1' }] }
const session: Session = { accessToken: 'a', refreshToken: 'r', expiresIn: 7200, user }

const samples: [string, unknown][] = [
  ['a session', session],
  ['a session with fields a newer BFF added', { ...session, scope: 'x', user: { ...user, gender: 1 } }],
  ['null', null],
  ['a string', 'session'],
  ['an array', [session]],
  ['an empty access token', { ...session, accessToken: '' }],
  ['an empty refresh token', { ...session, refreshToken: '' }],
  ['a numeric access token', { ...session, accessToken: 42 }],
  ['expiresIn as a string', { ...session, expiresIn: '7200' }],
  ['no expiresIn', { accessToken: 'a', refreshToken: 'r', user }],
  ['no user', { ...session, user: null }],
  ...Object.keys(user).map((key): [string, unknown] => [`a user without ${key}`, { ...session, user: { ...user, [key]: undefined } }]),
  ['wechatLinked as a string', { ...session, user: { ...user, wechatLinked: 'true' } }],
  ['no identities', { ...session, user: { ...user, identities: [] } }],
  ['an identity on an unknown platform', { ...session, user: { ...user, identities: [{ platform: 'qq', app: 'a' }] } }],
  ['an identity without its app', { ...session, user: { ...user, identities: [{ platform: 'douyin' }] } }],
  ['identities not an array', { ...session, user: { ...user, identities: {} } }],
  ['createdAt as a number', { ...session, user: { ...user, createdAt: 0 } }],
]

describe('the hand-written session check agrees with shared/response-schemas', () => {
  it.each(samples)('%s', (_label, value) => {
    expect(isSessionShape(value)).toBe(sessionSchema.safeParse(value).success)
    const maybeUser = (value as { user?: unknown } | null)?.user
    expect(isUser(maybeUser)).toBe(userSchema.safeParse(maybeUser).success)
  })
})

describe('a session stored before the apps upgrade', () => {
  it('is kept, with no identities until the next refresh brings them', () => {
    const { identities: _dropped, ...before } = user
    const state = persistedAuthSerializer.deserialize(JSON.stringify({ session: { ...session, user: before } })) as { session: Session | null }
    expect(state.session?.user).toEqual({ ...before, identities: [] })
    expect(state.session?.refreshToken).toBe('r')
  })
})
