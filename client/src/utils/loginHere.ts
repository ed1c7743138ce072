let unavailable = false
// #ifdef H5
// A production H5 build has no WeChat and no 模拟授权 (dev builds only): nothing there can sign in yet.
unavailable = !__DEV_MINT__
// #endif

/** True where no login can work (production H5): the login page says so plainly instead of offering a dead button. */
export const LOGIN_NEEDS_MINI_PROGRAM: boolean = unavailable
