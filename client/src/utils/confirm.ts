export interface ConfirmOptions {
  title: string
  content: string
  /** WeChat shows at most 4 Chinese characters on each modal button. */
  confirmText?: string
  cancelText?: string
  /** A destructive action: the confirm button is red. */
  danger?: boolean
}

/** uni.showModal as a promise: true only when the user tapped the confirm button. */
export function confirm({ title, content, confirmText = '确定', cancelText = '取消', danger = false }: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    uni.showModal({
      title,
      content,
      confirmText,
      cancelText,
      ...(danger ? { confirmColor: '#f53f3f' } : {}),
      success: (result) => resolve(result.confirm),
      fail: () => resolve(false),
    })
  })
}
