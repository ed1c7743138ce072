import type { User } from 'shared'
import { maskPhone } from '../phone'
import type { UsersTable } from '../db/schema'

/** A users row plus whether a WeChat user is linked; the openid itself stays in the database. */
export type UserRecord = UsersTable & { wechatLinked: boolean }

/** The grey avatar WeChat's own docs use until the user picks one. */
export const DEFAULT_AVATAR_URL =
  'https://mmbiz.qpic.cn/mmbiz/icTdbqWNOwNRna42FI242Lcia07jQodd2FJGIYQfG0LAJGFxM4FbnQP6yfMxBgJ0F3YRqJCJ1aPAK2dQagdusBZg/0'

/** 微信用户8000: recognisable to its owner, and reveals no more than the masked phone does. */
export function defaultNickname(purePhone: string): string {
  return `微信用户${purePhone.slice(-4)}`
}

export function toApiUser(record: UserRecord): User {
  return {
    id: record.id,
    phone: maskPhone(record.pure_phone),
    countryCode: record.country_code,
    nickname: record.nickname,
    avatarUrl: record.avatar_url,
    wechatLinked: record.wechatLinked,
    createdAt: record.created_at,
  }
}
