import { describe, expect, it } from 'vitest'
import { relativeTime } from '@/utils/relativeTime'

// Dates built from local parts, so the calendar-day rules hold in whatever time zone the test runs.
const now = new Date(2026, 11, 2, 10, 30, 0)
const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo, d, h, mi, s).toISOString()

describe('relativeTime', () => {
  it.each([
    ['the same moment', local(2026, 11, 2, 10, 30), '刚刚'],
    ['59 seconds ago', local(2026, 11, 2, 10, 29, 1), '刚刚'],
    ['a clock slightly ahead (future)', local(2026, 11, 2, 10, 31), '刚刚'],
    ['1 minute ago', local(2026, 11, 2, 10, 29), '1 分钟前'],
    ['5 minutes ago', local(2026, 11, 2, 10, 25), '5 分钟前'],
    ['59 minutes ago', local(2026, 11, 2, 9, 31), '59 分钟前'],
    ['1 hour ago', local(2026, 11, 2, 9, 30), '1 小时前'],
    ['earlier today', local(2026, 11, 2, 0, 5), '10 小时前'],
    ['yesterday', local(2026, 11, 1, 23, 5), '昨天 23:05'],
    ['yesterday morning', local(2026, 11, 1, 8, 0), '昨天 08:00'],
    ['2 days ago', local(2026, 10, 30, 12, 0), '2 天前'],
    ['6 days ago', local(2026, 10, 26, 12, 0), '6 天前'],
    ['a week ago, this year', local(2026, 10, 25, 12, 0), '11月25日'],
    ['last year', local(2025, 2, 5, 12, 0), '2025年3月5日'],
  ])('%s', (_name, iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected)
  })

  it('a few minutes ago across midnight reads in minutes, not 昨天', () => {
    expect(relativeTime(local(2026, 11, 1, 23, 50), new Date(2026, 11, 2, 0, 10))).toBe('20 分钟前')
  })

  it('an hour and more across midnight is 昨天', () => {
    expect(relativeTime(local(2026, 11, 1, 22, 0), new Date(2026, 11, 2, 1, 0))).toBe('昨天 22:00')
  })

  it('says 未知 for a value that is not a date', () => {
    expect(relativeTime('not a date', now)).toBe('未知')
    expect(relativeTime('', now)).toBe('未知')
  })

  it('reads the ISO strings the BFF sends (UTC, with Z)', () => {
    expect(relativeTime(new Date(now.getTime() - 5 * 60_000).toISOString(), now)).toBe('5 分钟前')
    expect(relativeTime('2026-12-01T02:00:00.000Z', new Date('2026-12-01T02:03:00.000Z'))).toBe('3 分钟前')
  })
})
