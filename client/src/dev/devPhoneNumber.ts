import type { PhoneNumberOutcome } from '@/components/PhoneLoginButton/phoneNumberOutcome'
import { readPhoneNumberEvent } from '@/components/PhoneLoginButton/phoneNumberOutcome'
import type { DevWechatApi } from './devWechatApi'

/**
 * 模拟授权's tap: the mock WeChat's answer is what the real button's `e.detail` would be, so it goes
 * through the same classifier; errno 1400001 (quota switch on) becomes the `quota` outcome, as on a phone.
 */
export async function mintPhoneNumber(dev: DevWechatApi, phone: string): Promise<PhoneNumberOutcome> {
  return readPhoneNumberEvent({ detail: await dev.phoneCode({ phone }) })
}
