import { pageUrl, stackDepth } from './currentPage'
import { afterLoginUrl, HOME_PAGE, needsLogin, pathOf } from './routes'

/** Signed in: on to the page the user wanted; if that is the page beneath login, just close login. */
export function returnAfterLogin(redirect: string | null): void {
  const target = afterLoginUrl(redirect)
  const beneath = pageUrl(1)
  if (beneath && pathOf(beneath) === pathOf(target)) uni.navigateBack({ delta: 1 })
  else if (stackDepth() > 1) uni.redirectTo({ url: target })
  else uni.reLaunch({ url: target })
}

/** 暂不登录: back to where the user came from if a guest may see it, otherwise home. */
export function skipLogin(): void {
  const beneath = pageUrl(1)
  if (beneath && !needsLogin(beneath)) uni.navigateBack({ delta: 1 })
  else uni.reLaunch({ url: HOME_PAGE })
}
