import { ROUTES } from 'shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { ERROR_TOASTS } from '@/content/messages'
import { mintPhoneCode } from '../e2e/support/bffCalls'
import { newPhone } from 'server/testing/phones'
import { bffUrl, signedIn } from './helpers'
import { installUni } from './uniRuntime'

const runtime = installUni(bffUrl)
beforeEach(() => runtime.reset())

const bodyOf = (path: string) => runtime.requests.filter((r) => r.path === path).at(-1)?.body

// Contract, "Account security": changing the number needs a fresh login code of the account's own WeChat user.
describe('the step-up on 更换手机号 / 绑定手机号', () => {
  it('fetches a login code silently (uni.login) and sends it with the new number\'s proof: no extra step', async () => {
    const { auth } = await signedIn()
    const logins = runtime.requests.length
    const next = newPhone()
    const { user } = await auth.changePhone(await mintPhoneCode(bffUrl, next))
    expect(user.phone.slice(-4)).toBe(next.slice(-4))
    expect(bodyOf(ROUTES.mePhone)).toEqual({ phoneCode: expect.any(String), loginCode: expect.any(String) })
    // One call, nothing asked of the user between the phone sheet and the answer.
    expect(runtime.requests.slice(logins).filter((r) => r.path === ROUTES.mePhone)).toHaveLength(1)
  })

  it('without a login code (uni.login failed) still sends the proof; the BFF says what is missing', async () => {
    const { auth } = await signedIn()
    runtime.loginFailure = 'login:fail network'
    await auth.changePhone(await mintPhoneCode(bffUrl, newPhone())).catch(() => undefined)
    expect(bodyOf(ROUTES.mePhone)).toEqual({ phoneCode: expect.any(String) })
  })

  it('REAUTH_REQUIRED has its own message: sign in again with this WeChat user', () => {
    expect(ERROR_TOASTS.REAUTH_REQUIRED).toBe('请用本人微信重新登录后再试')
  })
})

describe('注销 an account without a number', () => {
  it('sends a login code of this WeChat user instead of a phone proof; a refusal leaves this device signed in', async () => {
    const { auth } = await signedIn()
    const result = await auth.deleteAccountWithoutPhone().then(() => 'deleted', () => 'refused')
    expect(bodyOf(ROUTES.deleteAccount)).toEqual({ loginCode: expect.any(String) })
    // Today's BFF wants a phone code from an account that has a number: nothing is deleted, nothing lost here.
    if (result === 'refused') expect(auth.isLoggedIn).toBe(true)
    else expect(auth.isLoggedIn).toBe(false)
  })
})
