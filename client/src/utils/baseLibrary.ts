import { modal, MODALS } from '@/content/messages'

/** `e.detail.code` for phone numbers exists from base library 2.21.2 on. */
export const MIN_BASE_LIBRARY = '2.21.2'

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

/** The mini program's minimum base library is set in the MP console; this tells users on older WeChat why login cannot work. */
export function warnIfBaseLibraryTooOld(): void {
  // #ifdef MP-WEIXIN
  const version = wx.getAppBaseInfo?.().SDKVersion ?? uni.getSystemInfoSync().SDKVersion
  if (version && compareVersions(version, MIN_BASE_LIBRARY) < 0) {
    modal(MODALS.oldWechat)
  }
  // #endif
}
