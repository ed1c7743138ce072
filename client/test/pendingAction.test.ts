import { describe, expect, it } from 'vitest'
import { rememberAction, takeAction } from '@/router/pendingAction'

describe('the action waiting for login', () => {
  it('is taken once, by the page that asked', () => {
    rememberAction({ path: '/pages/home/home', name: 'claimPerk' })
    expect(takeAction('/pages/profile/profile')).toBeNull()
    expect(takeAction('/pages/home/home')).toBe('claimPerk')
    expect(takeAction('/pages/home/home')).toBeNull()
  })

  it('a newer request replaces an older one', () => {
    rememberAction({ path: '/pages/home/home', name: 'claimPerk' })
    rememberAction({ path: '/pages/home/home', name: 'follow' })
    expect(takeAction('/pages/home/home')).toBe('follow')
  })
})
