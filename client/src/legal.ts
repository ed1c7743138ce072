import { BRAND } from './brand'

/**
 * Everything the privacy policy and user agreement say about who you are and how long you keep data.
 * Fill in every field marked 【请填写】 before submitting for review (client/README, "Before review");
 * the texts in pages-legal/agreement/agreements.ts are built from this and need no other edit for the kit as shipped.
 * Keep the retention figures equal to the BFF's settings (REFRESH_TOKEN_TTL, the logs' and backups' lifetime).
 */
export interface Legal {
  appName: string
  companyName: string
  companyAddress: string
  contactEmail: string
  replyWithinDays: number
  sessionDays: number
  logDays: number
  backupDays: number
  effectiveDate: string
}

export const LEGAL: Legal = {
  /** The app as users know it. */
  appName: BRAND.name,
  /** The legal entity that operates the mini program (the 主体 in the MP console). */
  companyName: '【请填写：运营主体全称】',
  /** Registered address. */
  companyAddress: '【请填写：注册地址】',
  /** Where users ask about their data, or ask for a copy or a deletion. */
  contactEmail: '【请填写：个人信息保护联系邮箱】',
  /** How fast you answer such a request, in working days (PIPL: 15 is common). */
  replyWithinDays: 15,
  /** A session (and the device it names) ends at the latest this many days after its last use (REFRESH_TOKEN_TTL). */
  sessionDays: 30,
  /** How long server logs (masked numbers, addresses) are kept. */
  logDays: 30,
  /** How long a deleted account may linger in backups before they rotate out. */
  backupDays: 30,
  /** The date these texts take effect (YYYY年M月D日). */
  effectiveDate: '【请填写：生效日期】',
}

/** The fields still holding a placeholder: a review will refuse texts that contain one. */
export function unfilledLegalFields(legal: Legal = LEGAL): string[] {
  return Object.entries(legal).filter(([, value]) => typeof value === 'string' && value.includes('【请填写')).map(([key]) => key)
}
