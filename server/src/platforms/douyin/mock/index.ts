export { createMockDouyin, DOUYIN_MOCK_ENDPOINTS, type DouyinFault, type DouyinMockEndpoint, type MockDouyin, type MockDouyinApp, type MockDouyinOptions } from './mock-douyin'
export { createDevDouyin, DEV_DOUYIN_API_PATH, DEV_DOUYIN_APPID, type DevDouyin } from './dev-douyin'
