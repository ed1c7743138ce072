import type { DevCodeResponse, DevLoginCodeBody, DevPhoneCodeBody } from 'shared'
import { ROUTES } from 'shared'
import type { Http } from '@/api/http'

/**
 * Dev mode only: the BFF's `/__dev/wechat/*` routes mint codes as the WeChat client would, so the
 * whole flow runs on H5 or with a tourist appid. Imported only behind `__DEV_MINT__`.
 */
export function createDevWechatApi(http: Http) {
  return {
    loginCode: (body: DevLoginCodeBody) => http.request<DevCodeResponse>(ROUTES.devLoginCode, { method: 'POST', body }),
    phoneCode: (body: DevPhoneCodeBody) => http.request<DevCodeResponse>(ROUTES.devPhoneCode, { method: 'POST', body }),
  }
}
