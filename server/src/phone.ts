import type { PhoneInfo } from './platforms/platform'

/**
 * The account key: `+<country code><number>`, so the same digits in two countries stay two accounts and
 * the unique constraint on it carries "one account per phone number".
 */
export function phoneKey(info: Pick<PhoneInfo, 'countryCode' | 'purePhoneNumber'>): string {
  return `+${info.countryCode.replace(/\D/g, '')}${info.purePhoneNumber.replace(/\D/g, '')}`
}

/** 13800138000 → 138****8000. Shorter numbers keep fewer digits, so at least three are always hidden. */
export function maskPhone(number: string): string {
  const digits = number.replace(/\D/g, '')
  const [head, tail] = digits.length >= 11 ? [3, 4] : digits.length >= 7 ? [2, 2] : [1, 1]
  if (digits.length <= head + tail) return '****'
  return `${digits.slice(0, head)}****${digits.slice(-tail)}`
}
