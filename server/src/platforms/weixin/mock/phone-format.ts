/** A phone number in the three forms phone_info carries. */
export interface PhoneParts {
  phoneNumber: string
  purePhoneNumber: string
  countryCode: string
}

// Calling codes used to split a "+<cc><number>" string; longest match wins. Not exhaustive: pass
// countryCode explicitly for anything else.
const CALLING_CODES = new Set([
  '1', '7', '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48',
  '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98', '852', '853', '855', '856', '880', '886', '971', '972', '966',
])

/**
 * Accepts `13800138000`, `+8613800138000`, `+86 138 0013 8000`, or a bare number plus countryCode.
 * Like WeChat: a Chinese number has no prefix in phoneNumber; a foreign one carries `+<cc>`.
 * Throws on anything that is not a plausible number.
 */
export function parsePhone(input: string, countryCode?: string): PhoneParts {
  const compact = input.replace(/[\s-]/g, '')
  if (!/^\+?\d{5,17}$/.test(compact)) throw new Error(`not a phone number: ${JSON.stringify(input)}`)
  if (countryCode !== undefined && !/^\d{1,3}$/.test(countryCode)) {
    throw new Error(`not a country code: ${JSON.stringify(countryCode)}`)
  }
  let cc: string
  let pure: string
  if (compact.startsWith('+')) {
    const digits = compact.slice(1)
    const prefix = countryCode ?? [3, 2, 1].map((n) => digits.slice(0, n)).find((p) => CALLING_CODES.has(p))
    if (prefix === undefined || !digits.startsWith(prefix)) {
      throw new Error(`unknown country code in ${JSON.stringify(input)}; pass countryCode`)
    }
    cc = prefix
    pure = digits.slice(prefix.length)
  } else {
    cc = countryCode ?? '86'
    pure = compact
  }
  if (cc === '86' && !/^1\d{10}$/.test(pure)) throw new Error(`not a Chinese mobile number: ${JSON.stringify(input)}`)
  if (pure.length < 4) throw new Error(`not a phone number: ${JSON.stringify(input)}`)
  return { phoneNumber: cc === '86' ? pure : `+${cc}${pure}`, purePhoneNumber: pure, countryCode: cc }
}
