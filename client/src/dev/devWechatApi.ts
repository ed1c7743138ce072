import type { DevCodeResponse, DevLoginCodeBody, DevPhoneCodeBody, DevPhoneCodeResponse, DevQuotaBody, DevQuotaResponse } from 'shared'
import { ROUTES } from 'shared'
import type { Http } from '@/api/http'

/**
 * Dev mode only: the BFF's `/__dev/wechat/*` routes mint codes as the WeChat client would, so the
 * whole flow runs on H5 or with a tourist appid. Imported only behind `__DEV_MINT__`.
 */
export function createDevWechatApi(http: Http) {
  return {
    loginCode: (body: DevLoginCodeBody) => http.request<DevCodeResponse>(ROUTES.devLoginCode, { method: 'POST', body }),
    /** `{ code }`, or while the quota switch is on, `{ errno: 1400001, errMsg }`: what WeChat hands the button. */
    phoneCode: (body: DevPhoneCodeBody) => http.request<DevPhoneCodeResponse>(ROUTES.devPhoneCode, { method: 'POST', body }),
    quota: () => http.request<DevQuotaResponse>(ROUTES.devQuota),
    setQuota: (body: DevQuotaBody) => http.request<DevQuotaResponse>(ROUTES.devQuota, { method: 'POST', body }),
  }
}

export type DevWechatApi = ReturnType<typeof createDevWechatApi>
