import { beforeEach, describe, expect, it } from 'vitest'
import { afterLoginUrl, loginUrl, needsLogin } from '@/router/routes'
import { createToLogin } from '@/router/toLogin'
import { bffUrl } from './helpers'
import { installUni } from './uniRuntime'

const runtime = installUni(bffUrl)
beforeEach(() => runtime.reset())

describe('login routing', () => {
  it('every page but home, login and the agreements needs a session', () => {
    expect(needsLogin('/pages/profile/profile?tab=1')).toBe(true)
    expect(needsLogin('pages/profile/profile')).toBe(true)
    expect(needsLogin('/pages/login/login?redirect=x')).toBe(false)
    expect(needsLogin('/pages-legal/agreement/agreement?type=user')).toBe(false)
    expect(needsLogin('/pages/home/home')).toBe(false)
  })

  it('goes back after login to where the user was, and only to one of our pages', () => {
    const from = '/pages/profile/profile?tab=orders&id=7'
    const url = loginUrl(from)
    const redirect = new URLSearchParams(url.split('?')[1]).get('redirect')
    expect(afterLoginUrl(redirect)).toBe(from)
    expect(afterLoginUrl(encodeURIComponent(from))).toBe(from)
    expect(afterLoginUrl(null)).toBe('/pages/home/home')
    expect(afterLoginUrl('https://evil.example/phish')).toBe('/pages/home/home')
    expect(afterLoginUrl('/pages/login/login')).toBe('/pages/home/home')
    expect(afterLoginUrl('%E0%A4%A')).toBe('/pages/home/home')
  })

  it('navigates once however many callers ask, and not at all from the login page', async () => {
    const navigations: string[] = []
    let finish = () => {}
    const toLogin = createToLogin((url, done) => {
      navigations.push(url)
      finish = done
    })
    toLogin('/pages/profile/profile')
    toLogin('/pages/profile/profile')
    toLogin()
    expect(navigations).toEqual(['/pages/login/login?redirect=%2Fpages%2Fprofile%2Fprofile'])
    finish()
    runtime.pages = [{ route: 'pages/login/login', options: {} }]
    toLogin('/pages/profile/profile')
    expect(navigations).toHaveLength(1)
    runtime.pages = [{ route: 'pages/profile/profile', options: { id: '7' } }]
    toLogin()
    expect(navigations[1]).toBe(`/pages/login/login?redirect=${encodeURIComponent('/pages/profile/profile?id=7')}`)
  })
})
