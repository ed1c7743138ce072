import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'

// zod/mini: only the checks used here are bundled (the BFF starts faster, the mini program stays small).
// Its messages come from one locale, loaded here.
z.config(en())

// Codes from WeChat are opaque strings; the bound only keeps junk out of logs and the upstream call.
const code = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(512, 'is too long'))
const token = z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(512, 'is too long'))
const deviceField = z.optional(z.string().check(z.maxLength(64, 'is too long (at most 64 characters)')))

/** The device a session was started on, as the client reports it; nothing else is accepted in it. */
export const device = z.strictObject({ platform: deviceField, model: deviceField, appVersion: deviceField })
/** The app (its appid) the request is for; optional while the BFF has exactly one WeChat app. */
const app = z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(64, 'is too long')))
/** The phone code came from real-time verification (getRealtimePhoneNumber): it only prices the call. */
const realtime = z.optional(z.boolean())

export const phoneLoginBody = z.object({ app, phoneCode: code, loginCode: z.optional(code), device: z.optional(device), realtime })
export const wxLoginBody = z.object({ app, loginCode: code, device: z.optional(device) })
/** Silent login on any platform: `wx-login`'s body, for every app. */
export const silentLoginBody = wxLoginBody
export const refreshBody = z.object({ refreshToken: token })
export const logoutBody = z.object({ refreshToken: token })
export const changePhoneBody = z.object({ app, phoneCode: code, realtime })
export const deleteAccountBody = z.object({ app, phoneCode: code, realtime })

/** Dev mode only: mint codes the way the WeChat client would. */
export const devLoginCodeBody = z.object({
  openid: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128), z.regex(/^[\w-]+$/, 'must be letters, digits, _ or -'))),
})
export const devPhoneCodeBody = z.object({
  phone: z.string().check(z.trim(), z.regex(/^\+?\d{5,20}$/, 'must be a phone number of 5 to 20 digits')),
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
