const MINUTE = 60_000
const HOUR = 60 * MINUTE

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * When something happened, as a Chinese user reads it: 刚刚, 5 分钟前, 3 小时前, 昨天 14:05, 3 天前,
 * 3月5日, 2025年3月5日. Calendar days are the device's own (local time). A time in the future (a
 * clock a little ahead of the server's) reads 刚刚.
 */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso)
  if (Number.isNaN(then.getTime())) return '未知'
  const ago = now.getTime() - then.getTime()
  if (ago < MINUTE) return '刚刚'
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} 分钟前`
  // Whole calendar days between the two dates (DST-safe: rounded).
  const days = Math.round((startOfDay(now) - startOfDay(then)) / (24 * HOUR))
  if (days === 0) return `${Math.floor(ago / HOUR)} 小时前`
  if (days === 1) return `昨天 ${pad(then.getHours())}:${pad(then.getMinutes())}`
  if (days < 7) return `${days} 天前`
  const monthDay = `${then.getMonth() + 1}月${then.getDate()}日`
  return then.getFullYear() === now.getFullYear() ? monthDay : `${then.getFullYear()}年${monthDay}`
}
