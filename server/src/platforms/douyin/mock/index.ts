export { createMockDouyin, DOUYIN_MOCK_ENDPOINTS, type DouyinFault, type DouyinMockEndpoint, type MockDouyin, type MockDouyinApp, type MockDouyinOptions } from './mock-douyin'
export { createDevDouyin, type DevDouyin } from './dev-douyin'
