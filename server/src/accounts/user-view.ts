import type { Identity, User } from 'shared'
import { maskPhone } from '../phone'

/** An account as the BFF reads it; the user ids on each app (openids) stay in the database. */
export interface UserRecord {
  id: string
  country_code: string
  /** Without the country code, for display (masked). */
  pure_phone: string
  nickname: string
  avatar_url: string
  created_at: string
  /** The apps whose users are linked to it. */
  identities: Identity[]
}

/** The grey avatar WeChat's own docs use until the user picks one. */
export const DEFAULT_AVATAR_URL =
  'https://mmbiz.qpic.cn/mmbiz/icTdbqWNOwNRna42FI242Lcia07jQodd2FJGIYQfG0LAJGFxM4FbnQP6yfMxBgJ0F3YRqJCJ1aPAK2dQagdusBZg/0'

/**
 * 微信用户 and six digits taken from the account id: stable for the account, and no digit of any phone number,
 * so the nickname reveals nothing when the number changes (the masked phone is shown for that).
 */
export function defaultNickname(accountId: string): string {
  const digits = String(parseInt(accountId.replace(/-/g, '').slice(0, 12), 16) % 1_000_000).padStart(6, '0')
  return `微信用户${digits}`
}

export function toApiUser(record: UserRecord): User {
  return {
    id: record.id,
    // "" for an account that gave up its number (recycled-number.ts) until it binds one again.
    phone: record.pure_phone === '' ? '' : maskPhone(record.pure_phone),
    countryCode: record.country_code,
    nickname: record.nickname,
    avatarUrl: record.avatar_url,
    wechatLinked: record.identities.some((identity) => identity.platform === 'weixin'),
    createdAt: record.created_at,
    identities: record.identities,
  }
}
