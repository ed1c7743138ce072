import { z } from 'zod'

// Codes from WeChat are opaque strings; the bound only keeps junk out of logs and the upstream call.
const code = z.string().trim().min(1, 'must not be empty').max(512, 'is too long')
const token = z.string().min(1, 'must not be empty').max(512, 'is too long')

const deviceField = z.string().max(64, 'is too long').optional()
/** The device a session was started on, as the client describes it (shown on 登录设备). */
export const deviceBody = z.strictObject({ platform: deviceField, model: deviceField, appVersion: deviceField })
/** The phone code came from getRealtimePhoneNumber (real-time verification): only prices the call. */
const realtime = z.boolean().optional()

export const phoneLoginBody = z.object({ phoneCode: code, loginCode: code.optional(), device: deviceBody.optional(), realtime })
export const wxLoginBody = z.object({ loginCode: code, device: deviceBody.optional() })
export const refreshBody = z.object({ refreshToken: token })
export const logoutBody = z.object({ refreshToken: token })
export const changePhoneBody = z.object({ phoneCode: code, realtime })
export const deleteAccountBody = z.object({ phoneCode: code, realtime })

/** Dev mode only: mint codes the way the WeChat client would. */
export const devLoginCodeBody = z.object({
  openid: z.string().trim().min(1).max(128).regex(/^[\w-]+$/, 'must be letters, digits, _ or -').optional(),
})
export const devPhoneCodeBody = z.object({
  phone: z.string().trim().regex(/^\+?\d{5,20}$/, 'must be a phone number of 5 to 20 digits'),
})

/** Dev mode only: make the mock WeChat's phone button answer errno 1400001 (quota used up), or stop. */
export const devQuotaBody = z.object({ exhausted: z.boolean() })

export type DeviceBody = z.infer<typeof deviceBody>
export type PhoneLoginBody = z.infer<typeof phoneLoginBody>
export type WxLoginBody = z.infer<typeof wxLoginBody>
export type RefreshBody = z.infer<typeof refreshBody>
export type LogoutBody = z.infer<typeof logoutBody>
export type ChangePhoneBody = z.infer<typeof changePhoneBody>
export type DeleteAccountBody = z.infer<typeof deleteAccountBody>
export type DevLoginCodeBody = z.infer<typeof devLoginCodeBody>
export type DevPhoneCodeBody = z.infer<typeof devPhoneCodeBody>
export type DevQuotaBody = z.infer<typeof devQuotaBody>
