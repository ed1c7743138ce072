/** A fresh `wx.login` code: single-use, valid 5 minutes, so fetched right before it is sent. */
export function wechatLoginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    uni.login({
      provider: 'weixin',
      success: (result) => (result.code ? resolve(result.code) : reject(new Error('uni.login gave no code'))),
      fail: (error) => reject(new Error(error?.errMsg || 'uni.login failed')),
    })
  })
}
