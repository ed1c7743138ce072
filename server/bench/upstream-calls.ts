import type { MockEndpoint, MockWechat } from '../src/platforms/weixin/mock'
import { CLUB } from './apps'
import { me, newUserLogin, refresh, returningUserLogin, silentLogin } from './bff-client'

/** WeChat calls per login by kind; `token` counts both token endpoints (the BFF uses stable_token). */
export interface UpstreamCalls {
  label: string
  token: number
  jscode2session: number
  getuserphonenumber: number
  /** Logins this row is averaged over (1 for a single login). */
  logins: number
}

/** The mock's calls between two `mock.calls()` snapshots, per login. */
export function callsBetween(label: string, before: Counts, after: Counts, logins: number): UpstreamCalls {
  const delta = (endpoint: MockEndpoint) => (after[endpoint] - before[endpoint]) / Math.max(1, logins)
  return {
    label,
    token: delta('token') + delta('stable_token'),
    jscode2session: delta('jscode2session'),
    getuserphonenumber: delta('getuserphonenumber'),
    logins,
  }
}

type Counts = ReturnType<MockWechat['calls']>

/** Counts the mock's calls made while `fn` runs (one login). */
async function countCalls(mock: MockWechat, label: string, fn: () => Promise<unknown>): Promise<UpstreamCalls> {
  const before = mock.calls()
  await fn()
  return callsBetween(label, before, mock.calls(), 1)
}

/**
 * Single logins on a BFF that has just started (so the first one pays for the access token): a new user, a
 * second new user (token cached), a returning user, and a user with a live session (no login at all).
 */
export async function upstreamCallsPerLogin(url: string, mock: MockWechat, prefix: string, club: MockWechat): Promise<UpstreamCalls[]> {
  const rows: UpstreamCalls[] = []
  rows.push(await countCalls(mock, 'new user, first login after start (phone-login)', () => newUserLogin(url, mock)))
  const openid = `${prefix}returning`
  let session = await newUserLogin(url, mock, openid, `${prefix}union`)
  rows.push(await countCalls(mock, 'new user (phone-login with loginCode)', () => newUserLogin(url, mock)))
  rows.push(await countCalls(mock, 'returning user (wx-login)', async () => {
    session = await returningUserLogin(url, mock, openid)
  }))
  rows.push(await countCalls(mock, 'live session (GET /api/me)', () => me(url, session.accessToken)))
  rows.push(await countCalls(mock, 'live session (refresh)', () => refresh(url, session.refreshToken)))
  // The second app: one jscode2session there (the club's own mock counts it), no phone call anywhere.
  const shopBefore = mock.calls()
  const clubRow = await countCalls(club, 'same person, second app (silent-login by unionid)', () => silentLogin(url, CLUB.appid, club, `${prefix}club`, `${prefix}union`))
  const shopRow = callsBetween('', shopBefore, mock.calls(), 1)
  rows.push({ ...clubRow, getuserphonenumber: clubRow.getuserphonenumber + shopRow.getuserphonenumber })
  return rows
}
