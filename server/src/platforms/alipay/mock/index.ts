export { ALIPAY_MOCK_ENDPOINTS, type AlipayFault, type AlipayMockEndpoint, createMockAlipay, type MockAlipay, type MockAlipayApp, type MockAlipayOptions, sealPhoneResponse } from './mock-alipay'
export { createDevAlipay, type DevAlipay } from './dev-alipay'
