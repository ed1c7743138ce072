export { createWechatClient, type WechatClientOptions } from './wechat-client'
export { REFRESH_MARGIN_MS } from './access-token'
export type * from './types'
