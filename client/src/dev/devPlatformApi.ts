import type { DevCodeResponse, DevLoginCodeBody, DevPhoneCodeBody, DevPhoneCodeResponse, DevQuotaBody, DevQuotaResponse } from 'shared'
import { ROUTES } from 'shared'
import type { Http } from '@/api/http'
import type { MiniProgramPlatform } from '@/platform/platform'
import { PLATFORM } from '@/platform/platform'

/** Each platform's minting routes (contract: `POST /__dev/<platform>/login-code` and `/phone-code`). */
export const DEV_ROUTES = {
  weixin: { loginCode: ROUTES.devLoginCode, phoneCode: ROUTES.devPhoneCode },
  douyin: { loginCode: '/__dev/douyin/login-code', phoneCode: '/__dev/douyin/phone-code' },
  alipay: { loginCode: '/__dev/alipay/login-code', phoneCode: '/__dev/alipay/phone-code' },
} as const satisfies Record<MiniProgramPlatform, { loginCode: string; phoneCode: string }>

/** Alipay's mock answers with the phone response `my.getPhoneNumber` would give, not a code. */
export type DevPhoneProofResponse = DevPhoneCodeResponse | { phoneResponse: string }

/**
 * Dev mode only: the BFF's `/__dev/<platform>/*` routes mint codes as the platform's client would, so
 * the whole flow runs on H5 or with a tourist appid. Imported only behind `__DEV_MINT__`.
 */
export function createDevPlatformApi(http: Http, platform: MiniProgramPlatform = PLATFORM) {
  const routes = DEV_ROUTES[platform]
  return {
    platform,
    loginCode: (body: DevLoginCodeBody) => http.request<DevCodeResponse>(routes.loginCode, { method: 'POST', body }),
    /** `{ code }` (Alipay: `{ phoneResponse }`), or while WeChat's quota switch is on, `{ errno: 1400001, errMsg }`. */
    phoneCode: (body: DevPhoneCodeBody) => http.request<DevPhoneProofResponse>(routes.phoneCode, { method: 'POST', body }),
    /** WeChat's mock only: the phone-number quota switch. */
    quota: () => http.request<DevQuotaResponse>(ROUTES.devQuota),
    setQuota: (body: DevQuotaBody) => http.request<DevQuotaResponse>(ROUTES.devQuota, { method: 'POST', body }),
  }
}

export type DevPlatformApi = ReturnType<typeof createDevPlatformApi>
