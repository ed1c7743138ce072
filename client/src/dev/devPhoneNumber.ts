import type { PhoneNumberOutcome } from '@/components/PhoneLoginButton/phoneNumberOutcome'
import { readPhoneNumberEvent } from '@/components/PhoneLoginButton/phoneNumberOutcome'
import type { DevPlatformApi } from './devPlatformApi'

/**
 * 模拟授权's tap: the mock's answer is what the real button's `e.detail` would be, so it goes through
 * the same classifier; errno 1400001 (WeChat's quota switch on) becomes the `quota` outcome, as on a
 * phone. Alipay's mock hands back the phone response, which is sent as the button would send it.
 */
export async function mintPhoneNumber(dev: DevPlatformApi, phone: string): Promise<PhoneNumberOutcome> {
  const answer = await dev.phoneCode({ phone })
  if ('phoneResponse' in answer) {
    return answer.phoneResponse ? { kind: 'code', code: answer.phoneResponse } : { kind: 'error', errno: null, errMsg: 'no phoneResponse', noCode: false }
  }
  return readPhoneNumberEvent({ detail: answer })
}
