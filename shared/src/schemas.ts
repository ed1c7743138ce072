import { z } from 'zod'

// Codes from WeChat are opaque strings; the bound only keeps junk out of logs and the upstream call.
const code = z.string().trim().min(1, 'must not be empty').max(512, 'is too long')
const token = z.string().min(1, 'must not be empty').max(512, 'is too long')

export const phoneLoginBody = z.object({ phoneCode: code, loginCode: code.optional() })
export const wxLoginBody = z.object({ loginCode: code })
export const refreshBody = z.object({ refreshToken: token })
export const logoutBody = z.object({ refreshToken: token })
export const changePhoneBody = z.object({ phoneCode: code })

/** Dev mode only: mint codes the way the WeChat client would. */
export const devLoginCodeBody = z.object({
  openid: z.string().trim().min(1).max(128).regex(/^[\w-]+$/, 'must be letters, digits, _ or -').optional(),
})
export const devPhoneCodeBody = z.object({
  phone: z.string().trim().regex(/^\+?\d{5,20}$/, 'must be a phone number of 5 to 20 digits'),
})

export type PhoneLoginBody = z.infer<typeof phoneLoginBody>
export type WxLoginBody = z.infer<typeof wxLoginBody>
export type RefreshBody = z.infer<typeof refreshBody>
export type LogoutBody = z.infer<typeof logoutBody>
export type ChangePhoneBody = z.infer<typeof changePhoneBody>
export type DevLoginCodeBody = z.infer<typeof devLoginCodeBody>
export type DevPhoneCodeBody = z.infer<typeof devPhoneCodeBody>
