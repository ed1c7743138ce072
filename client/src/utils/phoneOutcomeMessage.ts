import type { PhoneNumberOutcome } from '@/components/phoneNumberOutcome'

/** The toast for a phone-number button outcome that produced no code. */
export function phoneOutcomeMessage(outcome: Exclude<PhoneNumberOutcome, { kind: 'code' }>): string {
  switch (outcome.kind) {
    case 'deny': return '你已取消授权，授权手机号后才能登录'
    case 'quota': return '手机号快捷登录暂时不可用，请稍后再试'
    case 'privacy': return '需同意《小程序隐私保护指引》后才能使用手机号登录'
    case 'error': return outcome.noCode ? '当前微信版本过低，请升级微信后重试' : '获取手机号失败，请重试'
  }
}

export const AGREEMENT_REQUIRED_MESSAGE = '请先阅读并同意《用户协议》和《隐私政策》'

export function toast(title: string): void {
  uni.showToast({ title, icon: 'none', duration: 2500 })
}
