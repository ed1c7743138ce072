/** Each mini-program target, and who holds a released one to HTTPS request domains listed in its console. */
const MINI_PROGRAMS: Record<string, string> = { 'mp-weixin': 'WeChat', 'mp-toutiao': 'Douyin', 'mp-alipay': 'Alipay' }

/**
 * A production mini program may only call HTTPS domains listed in its console, so a production
 * mini-program build without an https VITE_API_BASE would ship an app that cannot log in (the client's
 * default is the local dev BFF). Returns the one line to fail with, or null when the build may go on.
 */
export function apiBaseProblem({ mode, platform, apiBase }: { mode: string; platform: string | undefined; apiBase: string | undefined }): string | null {
  const owner = MINI_PROGRAMS[platform ?? '']
  if (mode !== 'production' || !owner) return null
  if (!apiBase) return `VITE_API_BASE is not set: a production ${platform} build needs the BFF's https:// address (e.g. VITE_API_BASE=https://api.example.com)`
  if (!/^https:\/\/[^/\s]+/.test(apiBase)) return `VITE_API_BASE "${apiBase}" is not https://: ${owner} only lets a released mini program call HTTPS domains`
  return null
}
