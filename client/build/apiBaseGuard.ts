/**
 * A production mini program may only call HTTPS domains listed in the MP console, so a production
 * mp-weixin build without an https VITE_API_BASE would ship an app that cannot log in (the client's
 * default is the local dev BFF). Returns the one line to fail with, or null when the build may go on.
 */
export function apiBaseProblem({ mode, platform, apiBase }: { mode: string; platform: string | undefined; apiBase: string | undefined }): string | null {
  if (mode !== 'production' || platform !== 'mp-weixin') return null
  if (!apiBase) return 'VITE_API_BASE is not set: a production mp-weixin build needs the BFF\'s https:// address (e.g. VITE_API_BASE=https://api.example.com)'
  if (!/^https:\/\/[^/\s]+/.test(apiBase)) return `VITE_API_BASE "${apiBase}" is not https://: WeChat only lets a released mini program call HTTPS domains`
  return null
}
