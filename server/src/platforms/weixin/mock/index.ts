export { createMockWechat, type MockWechat, type MockWechatOptions } from './mock-wechat'
export { startMockWechat, startMockWechatHost, type RunningMockWechat, type RunningMockWechatHost } from './start-mock-wechat'
export { MOCK_ENDPOINTS, type Fault, type MockEndpoint } from './faults'
export { parsePhone, type PhoneParts } from './phone-format'
