import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'

// zod/mini: only the checks used here are bundled (the BFF starts faster, the mini program stays small).
// Its messages come from one locale, loaded here.
z.config(en())

/**
 * No control characters (U+0000–U+001F, U+007F) in any string of a body: they have no business in a code, a
 * token or a device name, and a NUL byte is refused by PostgreSQL (a 500 after the paid exchange).
 * Checked before trimming, so a trailing newline is refused too.
 */
// eslint-disable-next-line no-control-regex
const noControl = z.regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')

// Codes from WeChat are opaque strings; the bound only keeps junk out of logs and the upstream call.
const code = z.string().check(noControl, z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(512, 'is too long'))
const token = z.string().check(noControl, z.minLength(1, 'must not be empty'), z.maxLength(512, 'is too long'))
const deviceField = z.optional(z.string().check(noControl, z.maxLength(64, 'is too long (at most 64 characters)')))

/** The device a session was started on, as the client reports it; nothing else is accepted in it. */
export const device = z.strictObject({ platform: deviceField, model: deviceField, appVersion: deviceField })
/** The app (its appid) the request is for; optional while the BFF has exactly one WeChat app. */
const app = z.optional(z.string().check(noControl, z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(64, 'is too long')))
/** The phone code came from real-time verification (getRealtimePhoneNumber): it only prices the call. */
const realtime = z.optional(z.boolean())

/**
 * Alipay's phone proof: `res.response` of my.getPhoneNumber, verbatim (a JSON string holding the AES ciphertext
 * and Alipay's signature; a few hundred characters).
 */
const phoneResponse = z.string().check(noControl, z.minLength(1, 'must not be empty'), z.maxLength(4096, 'is too long'))

/** A phone proof per platform: `phoneCode` (WeChat, Douyin) or `phoneResponse` (Alipay), exactly one. */
export const phoneLoginBody = z.object({
  app, phoneCode: z.optional(code), phoneResponse: z.optional(phoneResponse), loginCode: z.optional(code), device: z.optional(device), realtime,
}).check(z.refine((b) => (b.phoneCode === undefined) !== (b.phoneResponse === undefined), 'exactly one of phoneCode and phoneResponse is required'))
export const wxLoginBody = z.object({ app, loginCode: code, device: z.optional(device) })
/** Silent login on any platform: `wx-login`'s body, for every app. */
export const silentLoginBody = wxLoginBody
export const refreshBody = z.object({ refreshToken: token })
export const logoutBody = z.object({ refreshToken: token })
/**
 * A step-up action: `loginCode` (a fresh uni.login code of the account's linked user on that app) is optional here
 * only so that its absence is answered 403 REAUTH_REQUIRED rather than 400.
 */
export const changePhoneBody = z.object({ app, phoneCode: z.optional(code), phoneResponse: z.optional(phoneResponse), loginCode: z.optional(code), realtime })
  .check(z.refine((b) => (b.phoneCode === undefined) !== (b.phoneResponse === undefined), 'exactly one of phoneCode and phoneResponse is required'))
/** An account with a number proves it (`phoneCode`); one without proves its linked user (`loginCode`). */
export const deleteAccountBody = z.object({ app, phoneCode: z.optional(code), phoneResponse: z.optional(phoneResponse), loginCode: z.optional(code), realtime })
  .check(z.refine((b) => b.phoneCode === undefined || b.phoneResponse === undefined, 'phoneCode and phoneResponse: at most one'))

/** Dev mode only: mint codes the way the WeChat client would. */
export const devLoginCodeBody = z.object({
  openid: z.optional(z.string().check(noControl, z.trim(), z.minLength(1), z.maxLength(128), z.regex(/^[\w-]+$/, 'must be letters, digits, _ or -'))),
})
export const devPhoneCodeBody = z.object({
  phone: z.string().check(noControl, z.trim(), z.regex(/^\+?\d{5,20}$/, 'must be a phone number of 5 to 20 digits')),
})
/** Dev mode only: make the mock's phone button report that the quota is used up (errno 1400001). */
export const devQuotaBody = z.object({ exhausted: z.boolean() })

export type Device = z.infer<typeof device>
export type PhoneLoginBody = z.infer<typeof phoneLoginBody>
export type WxLoginBody = z.infer<typeof wxLoginBody>
export type SilentLoginBody = z.infer<typeof silentLoginBody>
export type RefreshBody = z.infer<typeof refreshBody>
export type LogoutBody = z.infer<typeof logoutBody>
export type ChangePhoneBody = z.infer<typeof changePhoneBody>
export type DeleteAccountBody = z.infer<typeof deleteAccountBody>
export type DevLoginCodeBody = z.infer<typeof devLoginCodeBody>
export type DevPhoneCodeBody = z.infer<typeof devPhoneCodeBody>
export type DevQuotaBody = z.infer<typeof devQuotaBody>
