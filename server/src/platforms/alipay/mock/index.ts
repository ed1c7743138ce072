export { ALIPAY_MOCK_ENDPOINTS, type AlipayFault, type AlipayMockEndpoint, createMockAlipay, type MockAlipay, type MockAlipayApp, type MockAlipayOptions, sealPhoneResponse } from './mock-alipay'
export { createDevAlipay, DEV_ALIPAY_API_PATH, DEV_ALIPAY_APPID, DEV_ALIPAY_GATEWAY_PATH, type DevAlipay } from './dev-alipay'
