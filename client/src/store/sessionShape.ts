import type { Identity, Session, User } from 'shared'

// Stored data outlives app versions and can be damaged; nothing reaches the store unchecked.
// By hand, not with shared/response-schemas (zod/mini): that adds ~15 KB to common/vendor.js and takes
// the main package over its budget (e2e/mp-output.static.test.ts). test/sessionShape.test.ts holds these
// checks to the shared schemas, which are held to the types in shared/src/types.ts.

export function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false
  const u = value as Record<string, unknown>
  return typeof u.id === 'string' && typeof u.phone === 'string' && typeof u.countryCode === 'string'
    && typeof u.nickname === 'string' && typeof u.avatarUrl === 'string'
    && typeof u.wechatLinked === 'boolean' && typeof u.createdAt === 'string'
    && Array.isArray(u.identities) && u.identities.every(isIdentity)
}

const PLATFORMS = ['weixin', 'douyin', 'alipay']

function isIdentity(value: unknown): value is Identity {
  if (typeof value !== 'object' || value === null) return false
  const i = value as Record<string, unknown>
  return typeof i.platform === 'string' && PLATFORMS.includes(i.platform) && typeof i.app === 'string'
}

export function isSessionShape(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const s = value as Record<string, unknown>
  return typeof s.accessToken === 'string' && s.accessToken !== ''
    && typeof s.refreshToken === 'string' && s.refreshToken !== ''
    && typeof s.expiresIn === 'number' && isUser(s.user)
}
