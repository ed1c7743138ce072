export { createWechatClient, type WechatClientOptions } from './wechat-client'
export { createMemoryTokenStore } from './memory-token-store'
export { REFRESH_MARGIN_MS } from './access-token'
export type * from './types'
