/**
 * The bench's two WeChat apps, on one mock WeChat host: the shop is the original app (WECHAT_APPID, as the
 * single-app configuration), the club is listed in APPS_FILE. With two apps every request names its app.
 */
export const SHOP = { appid: 'wxbench000000000001', secret: 'bench-app-secret-0123456789abcdef' }
export const CLUB = { appid: 'wxbench000000000002', secret: 'bench-club-secret-0123456789abcdef' }
