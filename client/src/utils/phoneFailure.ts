import type { PhoneNumberFailure } from '@/components/PhoneLoginButton/phoneNumberOutcome'
import { phoneOutcomeMessage, toast, verifyOutcomeMessage } from '@/content/messages'

export interface PhoneFailureOptions {
  /** 'verify': a signed-in user proving their own number (注销账号), worded as such; default 'login'. */
  purpose?: 'login' | 'verify'
  /** errno 1400001 goes here instead of to a toast (the login page offers 微信登录). */
  onQuota?: (outcome: Extract<PhoneNumberFailure, { kind: 'quota' }>) => void
}

/**
 * The one handler for a phone-number button's `fail` (PhoneLoginButton, ConsentSheet, dev-mint-panel):
 * what the user sees for each outcome, from the catalogue in content/messages.ts.
 * In a template: `@fail="showPhoneFailure"`.
 */
export function showPhoneFailure(outcome: PhoneNumberFailure, options: PhoneFailureOptions = {}): void {
  if (outcome.kind === 'quota' && options.onQuota) return options.onQuota(outcome)
  toast(options.purpose === 'verify' ? verifyOutcomeMessage(outcome) : phoneOutcomeMessage(outcome))
}
