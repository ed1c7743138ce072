export { type AlipayAppConfig, type AlipayAppDeps, createAlipayApp, DEFAULT_ALIPAY_GATEWAY } from './alipay-app'
